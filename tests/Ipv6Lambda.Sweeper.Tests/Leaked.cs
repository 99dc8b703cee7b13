using System.Globalization;
using Amazon.Runtime;
using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Deployment;
using Ipv6Lambda.Fixtures.Sweeping;

namespace Ipv6Lambda.Sweeper.Tests;

/// <summary>Stacks as earlier runs (or other people) leave them, planted in the double; and clients to reach it.</summary>
public static class Leaked
{
    /// <summary>Fast polling, so a test waits milliseconds for the double's instant deletes.</summary>
    public static SweepOptions Fast { get; } = new()
    {
        PollInitialInterval = TimeSpan.FromMilliseconds(20),
        PollMaxInterval = TimeSpan.FromMilliseconds(100),
        DeleteTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The four tags <see cref="StackDeployer"/> writes, for a stack created at <paramref name="createdAt"/>.</summary>
    public static List<KeyValuePair<string, string>> SuiteTags(DateTimeOffset createdAt, TimeSpan? lifetime = null) =>
    [
        new(StackDeployer.SuiteTag, SweepSelection.SuiteTagValue),
        new(StackDeployer.RunIdTag, "0123456789ab"),
        new(StackDeployer.CreatedAtTag, Iso(createdAt)),
        new(StackDeployer.ExpiresAtTag, Iso(createdAt + (lifetime ?? StackDeployer.StackLifetime))),
    ];

    /// <summary>A suite stack created <paramref name="age"/> ago with the usual 6 h lifetime.</summary>
    public static StackSnapshot Suite(AwsDoubleServer server, string name, TimeSpan age) =>
        server.Cloud.DeployTagged(name, SuiteTags(server.Cloud.Now - age));

    public static ICloudFormationClient Client(AwsDoubleServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new CloudFormationClient(
            new SessionAWSCredentials(Subprocess.DummyAccessKey, "dummy-secret", "dummy-token"),
            new CloudFormationClientConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = server.Scenario.Region });
    }

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Stack names DeleteStack was called with (by name or by id).</summary>
    public static IReadOnlyList<string> DeletedNames(AwsDoubleServer server) =>
        [.. server.RequestsFor("DeleteStack").Select(r => NameOf(r.FormValue("StackName") ?? ""))];

    // arn:aws:cloudformation:<region>:<account>:stack/<name>/<guid>
    private static string NameOf(string nameOrId) =>
        nameOrId.StartsWith("arn:", StringComparison.Ordinal) ? nameOrId.Split('/')[1] : nameOrId;
}
