using System.Collections.Concurrent;
using Ipv6Lambda.AwsDouble;

[assembly: AssemblyFixture(typeof(Ipv6Lambda.EndToEnd.Tests.FaultRuns))]

namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>One planned acceptance run: the world, the faults queued before it starts, and extra environment.</summary>
public sealed record RunPlan(
    string Name,
    Scenario Scenario,
    Action<AwsDoubleServer>? Arrange = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    Func<AwsDoubleServer, AcceptanceRunOptions>? Options = null);

/// <summary>A finished planned run and the double it ran against.</summary>
public sealed record PlannedRun(RunPlan Plan, AwsDoubleServer Server, AcceptanceRunResult Run)
{
    public string Describe() =>
        $"run '{Plan.Name}' ({Plan.Scenario}): {Run.Describe()}{System.Environment.NewLine}operations: {string.Join(",", Server.OperationOrder)}";
}

/// <summary>
/// Every subprocess run of the fault matrix, bad-input, signal and security tests, started together on first use
/// so the rows cost about one run of wall time, not one each. Every run uses the recognisable
/// <see cref="SecretKey"/> and <see cref="SessionToken"/>, so the security test can search all of their output.
/// </summary>
public sealed class FaultRuns : IAsyncDisposable
{
    public const string SecretKey = "SECRETSENTINELkey0123456789abcdefghijABCD";
    public const string SessionToken = "SECRETSENTINELtoken/IQoJb3JpZ2luX2VjEXAMPLE+session==";

    // Shared by every test, so bounded by its own deadline rather than one test's token.
    private readonly CancellationTokenSource deadline = new(TimeSpan.FromMinutes(5));
    private readonly ConcurrentDictionary<string, Lazy<Task<PlannedRun>>> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<AwsDoubleServer> servers = [];

    /// <summary>Every plan of every class that uses this fixture.</summary>
    public static IReadOnlyList<RunPlan> Plans { get; } = [.. FaultMatrixTests.Plans, .. BadInputRunTests.Plans, .. SignalTests.Plans];

    /// <summary>The finished run named <paramref name="name"/>; the first call starts all of them.</summary>
    public Task<PlannedRun> GetAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var plan in Plans)
        {
            _ = runs.GetOrAdd(plan.Name, _ => new Lazy<Task<PlannedRun>>(() => RunAsync(plan))).Value;
        }

        return runs.TryGetValue(name, out var run)
            ? run.Value.WaitAsync(cancellationToken)
            : throw new ArgumentException($"No run plan is named '{name}'; plans: {string.Join(", ", Plans.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>Every planned run, all finished.</summary>
    public async Task<IReadOnlyList<PlannedRun>> AllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Plans.Select(p => GetAsync(p.Name, cancellationToken)));

    public static Dictionary<string, string> EnvironmentFor(AwsDoubleServer server)
    {
        var environment = AcceptanceRun.EnvironmentFor(server);
        environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        environment["AWS_SESSION_TOKEN"] = SessionToken;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        await deadline.CancelAsync();
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        deadline.Dispose();
    }

    private async Task<PlannedRun> RunAsync(RunPlan plan)
    {
        var server = await AwsDoubleServer.StartAsync(plan.Scenario, deadline.Token);
        servers.Add(server);
        plan.Arrange?.Invoke(server);
        var environment = EnvironmentFor(server);
        foreach (var (key, value) in plan.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var run = await AcceptanceRun.RunAsync(environment, plan.Options?.Invoke(server) ?? new AcceptanceRunOptions { CaptureFiles = true }, deadline.Token);
        return new PlannedRun(plan, server, run);
    }
}
