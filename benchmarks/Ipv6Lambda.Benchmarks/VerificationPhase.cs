using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;
using Ipv6Lambda.Fixtures.Network;
using Ipv6Lambda.Fixtures.Snapshot;

namespace Ipv6Lambda.Benchmarks;

/// <summary>One timing of the verification phase; <see cref="Problems"/> is empty when every check passed.</summary>
public sealed record VerificationTiming(TimeSpan Elapsed, IReadOnlyList<string> Problems);

/// <summary>
/// The verification phase against a deployed double: DescribeStackResources, the snapshot (its EC2 and Lambda reads),
/// the shared network rules, the IPv6 invocation and the IPv4 control. Timed two ways: in the suite's order (the
/// snapshot, then the two invocations one after the other, as the acceptance tests in one class run) and with the
/// three independent parts concurrent. A timing whose checks do not pass is reported, never counted as a pass.
/// </summary>
public static class VerificationPhase
{
    public static Task<VerificationTiming> SuiteOrderAsync(FixtureSample sample, TimeSpan invokeLatency, CancellationToken cancellationToken) =>
        TimeAsync(sample, invokeLatency, concurrent: false, cancellationToken);

    public static Task<VerificationTiming> ConcurrentAsync(FixtureSample sample, TimeSpan invokeLatency, CancellationToken cancellationToken) =>
        TimeAsync(sample, invokeLatency, concurrent: true, cancellationToken);

    private static async Task<VerificationTiming> TimeAsync(FixtureSample sample, TimeSpan invokeLatency, bool concurrent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var clients = sample.Clients;
        var stackId = sample.Deployer.StackId ?? sample.Deployer.StackName;
        var stack = (await clients.CloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackId }, cancellationToken)).Stacks.Single();
        var functionName = stack.Outputs.Single(o => o.OutputKey == "FunctionName").OutputValue
            ?? throw new InvalidOperationException($"Stack {stackId} has an empty FunctionName output.");
        if (invokeLatency > TimeSpan.Zero)
        {
            sample.Server.Faults.Add("Invoke", new Fault.Delay(invokeLatency), times: 2);
        }

        var watch = Stopwatch.StartNew();
        DeployedSnapshot snapshot;
        InvokeResponse ipv6;
        InvokeResponse ipv4;
        if (concurrent)
        {
            var snapshotTask = SnapshotAsync(sample, stack, cancellationToken);
            var ipv6Task = InvokeAsync(clients.Lambda, functionName, new { family = "ipv6" }, cancellationToken);
            var ipv4Task = InvokeAsync(clients.Lambda, functionName, new { family = "ipv4", url = sample.Settings.Ipv4ControlUrl.ToString(), timeoutSeconds = 5 }, cancellationToken);
            await Task.WhenAll(snapshotTask, ipv6Task, ipv4Task);
            (snapshot, ipv6, ipv4) = (await snapshotTask, await ipv6Task, await ipv4Task);
        }
        else
        {
            snapshot = await SnapshotAsync(sample, stack, cancellationToken);
            ipv6 = await InvokeAsync(clients.Lambda, functionName, new { family = "ipv6" }, cancellationToken);
            ipv4 = await InvokeAsync(clients.Lambda, functionName, new { family = "ipv4", url = sample.Settings.Ipv4ControlUrl.ToString(), timeoutSeconds = 5 }, cancellationToken);
        }

        var view = DeployedNetworkProjection.Project(snapshot);
        var problems = NetworkRules.All.SelectMany(r => r.Evaluate(view)).Select(f => f.ToString()).ToList();
        watch.Stop();

        if (Ok(ipv6) is not true)
        {
            problems.Add($"IPv6 invocation of {functionName} in stack {stackId}: expected ok true, found {Payload(ipv6)}");
        }

        if (Ok(ipv4) is not false)
        {
            problems.Add($"IPv4 control invocation of {functionName} in stack {stackId}: expected ok false, found {Payload(ipv4)}");
        }

        return new VerificationTiming(watch.Elapsed, problems);
    }

    private static async Task<DeployedSnapshot> SnapshotAsync(FixtureSample sample, Stack stack, CancellationToken cancellationToken)
    {
        var resources = await sample.Clients.CloudFormation.DescribeStackResourcesAsync(
            new DescribeStackResourcesRequest { StackName = stack.StackId }, cancellationToken);
        return await new SnapshotCollector(sample.Clients.Ec2, sample.Clients.Lambda)
            .CollectAsync(sample.Settings.Region, stack, resources.StackResources, cancellationToken);
    }

    private static Task<InvokeResponse> InvokeAsync(ILambdaClient lambda, string functionName, object request, CancellationToken cancellationToken) =>
        lambda.InvokeAsync(
            new InvokeRequest { FunctionName = functionName, LogType = LogType.Tail, Payload = JsonSerializer.Serialize(request) },
            cancellationToken);

    private static string Payload(InvokeResponse response) => Encoding.UTF8.GetString(response.Payload.ToArray());

    private static bool? Ok(InvokeResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(Payload(response));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ok", out var ok)
                && ok.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? ok.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
