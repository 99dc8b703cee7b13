using System.Diagnostics;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Ipv6Lambda.Fixtures.Aws;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;

namespace Ipv6Lambda.Clients.Tests;

/// <summary>Environment variables are process-wide: every test that sets one runs in this collection, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}

[Collection(ProcessEnvironment.Name)]
public sealed class EnvironmentTests : IDisposable
{
    private static readonly string[] Variables =
    [
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_STS",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
    ];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        FallbackRegionFactory.Reset();
    }

    /// <summary>A port nothing listens on: a client that ignores the service-specific variable fails loudly there.</summary>
    private static readonly string DeadEndpoint = "http://127.0.0.1:9/";

    private static readonly Reply CfnListed = Reply.Xml(Wire.CfnOk("ListStacks", "<StackSummaries/>"));

    [Fact]
    public async Task AWS_ENDPOINT_URL_points_every_factory_client_at_the_double()
    {
        await using var server = ScriptedServer.Start((call, _) => call.Header("Authorization") switch
        {
            var a when a.Contains("/cloudformation/", StringComparison.Ordinal) => CfnListed,
            var a when a.Contains("/lambda/", StringComparison.Ordinal) => Reply.Json("""{"FunctionName":"f"}"""),
            var a when a.Contains("/ec2/", StringComparison.Ordinal) => Reply.Xml("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>"),
            _ => Reply.Xml("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/fake</Arn><UserId>AIDAFAKE</UserId></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>"),
        });
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", server.Endpoint.ToString());
        var factory = new AwsClientFactory(new AwsClientSettings("ap-south-2", Wire.Credentials));

        using (var cfn = factory.CreateCloudFormation())
        using (var lambda = factory.CreateLambda())
        using (var ec2 = factory.CreateEc2())
        using (var sts = factory.CreateSts())
        {
            await cfn.ListStacksAsync(new ListStacksRequest(), Ct);
            await lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = "f" }, Ct);
            await ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest(), Ct);
            (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct)).Account.Should().Be("123456789012");
        }

        server.Calls.Select(c => c.Header("Authorization").Split("Credential=")[1].Split(',')[0].Split('/')[2..4])
            .Select(scope => string.Join('/', scope))
            .Should().Equal(["ap-south-2/cloudformation", "ap-south-2/lambda", "ap-south-2/ec2", "ap-south-2/sts"],
                "each client signs for its own service in the settings' region even with an endpoint override");
    }

    [Fact]
    public async Task AWS_ENDPOINT_URL_CLOUDFORMATION_wins_over_AWS_ENDPOINT_URL()
    {
        await using var server = ScriptedServer.Start(CfnListed);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", DeadEndpoint);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_CLOUDFORMATION", server.Endpoint.ToString());

        using var cfn = new AwsClientFactory(new AwsClientSettings("us-west-2", Wire.Credentials)).CreateCloudFormation();
        await cfn.ListStacksAsync(new ListStacksRequest(), Ct);

        server.Calls.Should().ContainSingle("ServiceId 'CloudFormation' maps to AWS_ENDPOINT_URL_CLOUDFORMATION in AWSSDK.Core");
    }

    [Fact]
    public async Task AWS_ENDPOINT_URL_LAMBDA_wins_over_AWS_ENDPOINT_URL()
    {
        await using var server = ScriptedServer.Start(Reply.Json("""{"FunctionName":"f"}"""));
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", DeadEndpoint);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_LAMBDA", server.Endpoint.ToString());

        using var lambda = new AwsClientFactory(new AwsClientSettings("us-west-2", Wire.Credentials)).CreateLambda();
        await lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = "f" }, Ct);

        server.Calls.Should().ContainSingle("ServiceId 'Lambda' maps to AWS_ENDPOINT_URL_LAMBDA in AWSSDK.Core");
    }

    [Fact]
    public void Every_factory_client_shares_the_retry_and_timeout_settings()
    {
        var factory = new AwsClientFactory(new AwsClientSettings("eu-central-1", Wire.Credentials));
        IDisposable[] clients = [factory.CreateCloudFormation(), factory.CreateLambda(), factory.CreateEc2(), factory.CreateSts()];

        foreach (var client in clients)
        {
            using (client)
            {
                var config = ((AmazonServiceClient)client).Config;
                config.RetryMode.Should().Be(RequestRetryMode.Standard, client.GetType().Name);
                config.MaxErrorRetry.Should().Be(AwsClientDefaults.MaxErrorRetry, client.GetType().Name);
                config.Timeout.Should().Be(TimeSpan.FromSeconds(30), client.GetType().Name);
                config.RegionEndpoint?.SystemName.Should().Be("eu-central-1", client.GetType().Name);
            }
        }
    }

    [Fact]
    public void Settings_from_the_environment_take_the_SDK_region_and_fall_back_to_us_east_1()
    {
        Environment.SetEnvironmentVariable("AWS_REGION", "sa-east-1");
        FallbackRegionFactory.Reset();
        AwsClientSettings.FromEnvironment().Region.Should().Be("sa-east-1");

        Environment.SetEnvironmentVariable("AWS_REGION", null);
        Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", null);
        FallbackRegionFactory.Reset();
        var fallback = AwsClientSettings.FromEnvironment();
        if (Environment.GetEnvironmentVariable("AWS_PROFILE") is null && !File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "config")))
        {
            fallback.Region.Should().Be("us-east-1");
        }
    }

    [Fact]
    public async Task The_credential_probe_resolves_environment_credentials_through_the_SDK_chain()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", Wire.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "fake/secret/key/for/wire/tests/000000000");

        var resolution = await AwsCredentialProbe.ResolveAsync(Ct);

        resolution.Resolved.Should().BeTrue(resolution.ToString());
        (await resolution.Credentials!.GetCredentialsAsync()).AccessKey.Should().Be(Wire.AccessKey);
    }

    [Fact]
    public async Task The_credential_probe_says_none_quickly_on_a_machine_without_credentials()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.SkipWhen(
            File.Exists(Path.Combine(home, ".aws", "credentials")) || File.Exists(Path.Combine(home, ".aws", "config"))
            || Environment.GetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE") is not null || Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI") is not null,
            "this machine has an AWS profile or workload identity, so 'no credentials' cannot be observed here");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        var clock = Stopwatch.StartNew();

        var resolution = await AwsCredentialProbe.ResolveAsync(Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"probe: {resolution} after {clock.ElapsedMilliseconds} ms");
        resolution.Resolved.Should().BeFalse();
        resolution.Reason.Should().NotBeNullOrWhiteSpace().And.NotContain("\n");
        clock.Elapsed.Should().BeLessThan(AwsCredentialProbe.Budget + TimeSpan.FromSeconds(2), "a live test's skip must not stall on the EC2 metadata service");
    }
}
