using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Configuration;
using Ipv6Lambda.Fixtures.Deployment;
using Ipv6Lambda.Fixtures.Snapshot;

namespace Ipv6Lambda.Benchmarks;

/// <summary>
/// One poller's wait on one scripted create, read from the double: its exact flip instant and its request log.
/// Calls are the DescribeStacks + DescribeStackEvents requests after CreateStack, up to the instant the poller noticed.
/// </summary>
public sealed record WaitResult(TimeSpan CreateDuration, TimeSpan Lag, int DescribeStacks, int DescribeStackEvents, TimeSpan Waited, int MaxCallsInAnyMinute)
{
    public int Calls => DescribeStacks + DescribeStackEvents;

    public double CallsPerMinute => Calls / Waited.TotalMinutes;

    /// <summary>Reads the wait from the double's clock and request log.</summary>
    public static WaitResult From(AwsDoubleServer server, TimeSpan createDuration, DateTimeOffset noticedAt)
    {
        ArgumentNullException.ThrowIfNull(server);
        var stack = server.Cloud.Stacks.Single();
        var flip = stack.CreateFinishedAt
            ?? throw new InvalidOperationException($"The double recorded no create completion for {stack.StackName} ({stack.Status}); expected CREATE_COMPLETE.");
        var requests = server.Requests;
        var created = requests.First(r => r.Operation == "CreateStack").ReceivedAt;
        var polls = requests.Where(r => r.ReceivedAt > created && r.ReceivedAt <= noticedAt).ToList();
        return new WaitResult(
            createDuration,
            noticedAt - flip,
            polls.Count(r => r.Operation == "DescribeStacks"),
            polls.Count(r => r.Operation == "DescribeStackEvents"),
            noticedAt - created,
            MaxInAnyMinute([.. polls.Select(r => r.ReceivedAt)]));
    }

    /// <summary>The most calls whose arrival times fit in one 60 s window: what an account's per-minute quota sees.</summary>
    public static int MaxInAnyMinute(IReadOnlyList<DateTimeOffset> arrivals)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        var sorted = arrivals.Order().ToList();
        var best = 0;
        for (int first = 0, last = 0; last < sorted.Count; last++)
        {
            while (sorted[last] - sorted[first] >= TimeSpan.FromMinutes(1))
            {
                first++;
            }

            best = Math.Max(best, last - first + 1);
        }

        return best;
    }
}

/// <summary>The suite's own deployer on one scripted timeline; the double stays up for the verification phase.</summary>
public sealed class FixtureSample : IAsyncDisposable
{
    private FixtureSample(AwsDoubleServer server, DeploymentClients clients, SuiteSettings settings, StackDeployer deployer, WaitResult wait)
    {
        Server = server;
        Clients = clients;
        Settings = settings;
        Deployer = deployer;
        Wait = wait;
    }

    public AwsDoubleServer Server { get; }

    public DeploymentClients Clients { get; }

    public SuiteSettings Settings { get; }

    public StackDeployer Deployer { get; }

    public WaitResult Wait { get; }

    public static async Task<FixtureSample> RunAsync(int index, TimeSpan createDuration, PollingOptions polling, int? eventsPageSize, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Healthy() with { Name = $"benchmark-{index}", CreateDuration = createDuration };
        var server = await AwsDoubleServer.StartAsync(
            eventsPageSize is { } size ? scenario with { StackEventsPageSize = size } : scenario, cancellationToken);
        var clients = DoubleClients.For(server);
        try
        {
            var settings = SuiteSettings.Parse(new Dictionary<string, string?>
            {
                [SuiteSettings.RegionVariable] = server.Scenario.Region,
                [SuiteSettings.AllowedAccountsVariable] = server.Scenario.Account,
                [SuiteSettings.CreateTimeoutVariable] = "10m",
            });
            var time = TimeProvider.System;
            var deployer = new StackDeployer(settings, clients, time, new DeployLog(time), polling);
            await deployer.DeployAsync(cancellationToken);
            var noticed = deployer.CompletionNoticedAt
                ?? throw new InvalidOperationException($"Stack {deployer.StackName} deployed but StackDeployer.CompletionNoticedAt is null.");
            return new FixtureSample(server, clients, settings, deployer, WaitResult.From(server, createDuration, noticed));
        }
        catch
        {
            clients.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The AWS CLI waiter on the same scripted timeline, against its own double.</summary>
public static class BaselineSample
{
    public static async Task<WaitResult> RunAsync(int index, TimeSpan createDuration, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var server = await AwsDoubleServer.StartAsync(
            Scenario.Healthy() with { Name = $"baseline-{index}", CreateDuration = createDuration }, cancellationToken);
        using var clients = DoubleClients.For(server);
        var body = await File.ReadAllTextAsync(RepoRoot.TemplatePath, cancellationToken);
        var created = await clients.CloudFormation.CreateStackAsync(
            new CreateStackRequest
            {
                StackName = $"ipv6lambda-baseline-{index}",
                TemplateBody = body,
                Capabilities = [Capability.CapabilityIam],
            },
            cancellationToken);
        var stackId = created.StackId ?? throw new InvalidOperationException("CreateStack returned no StackId.");
        var waiter = new BaselineCliWaiter(clients.CloudFormation, TimeProvider.System, interval);
        var (status, noticed) = await waiter.WaitAsync(stackId, cancellationToken);
        return status == StackStatus.CreateComplete
            ? WaitResult.From(server, createDuration, noticed)
            : throw new InvalidOperationException($"The baseline waiter saw {stackId} end {status}; expected CREATE_COMPLETE.");
    }
}
