using Ipv6Lambda.Fixtures.Live;
using Ipv6Lambda.Fixtures.Reporting;
using Xunit.Sdk;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(Ipv6Lambda.Acceptance.Tests.LiveStackFixture))]

namespace Ipv6Lambda.Acceptance.Tests;

/// <summary>
/// Deploys the stack once for the whole assembly, snapshots it, and deletes it after the last test. The assembly
/// fixture has no test output, so progress goes out as diagnostic messages and each test copies the log into its own output.
/// </summary>
public sealed class LiveStackFixture : IAsyncLifetime
{
    private const int LogLinesPerTest = 60;
    private readonly LiveSession session;

    public LiveStackFixture(IMessageSink diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        session = new LiveSession(AwsLiveConnector.ConnectAsync, line => diagnostics.OnMessage(new DiagnosticMessage("[ipv6lambda] " + line)));
    }

    /// <summary>The run's evidence (phases, snapshot, probes), written to IPV6LAMBDA_RESULTS_DIRECTORY at teardown.</summary>
    public EvidenceRecorder Evidence { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Evidence.BeginPhase("deploy");
        await session.StartAsync(TestContext.Current.CancellationToken);
        Evidence.SetStack(session.Settings?.Region, session.Deployer?.StackName ?? session.Settings?.ExistingStackName, session.SkipReason, session.Failure?.Message);
        if (session.Snapshot is { } snapshot)
        {
            Evidence.RecordSnapshot(snapshot);
        }

        Evidence.EndPhase("deploy", session.SkipReason is not null ? PhaseOutcome.Skipped : session.Failure is not null ? PhaseOutcome.Failed : PhaseOutcome.Succeeded,
            session.Settings?.VerifyOnly == true ? "verify-only: existing stack read, nothing deployed" : null);
        Evidence.BeginPhase("verify");
    }

    public async ValueTask DisposeAsync()
    {
        Evidence.EndPhase("verify", session.Snapshot is null ? PhaseOutcome.Skipped : PhaseOutcome.Succeeded);
        Evidence.BeginPhase("delete");
        var settings = session.Settings;
        var skipped = session.Deployer is not { CreateAttempted: true } ? "no stack was created"
            : settings?.VerifyOnly == true ? "verify-only: the existing stack is left in place"
            : settings?.KeepStack == true ? "IPV6LAMBDA_KEEP_STACK=true: the stack is left in place"
            : null;
        try
        {
            await session.DisposeAsync();
            Evidence.EndPhase("delete", skipped is null ? PhaseOutcome.Succeeded : PhaseOutcome.Skipped,
                skipped ?? (settings?.WaitForDelete == false ? "delete started, not waited for" : null));
        }
        catch (Exception e)
        {
            Evidence.EndPhase("delete", PhaseOutcome.Failed, e.Message);
            throw;
        }
        finally
        {
            Evidence.WriteToConfiguredDirectory();
        }
    }

    /// <summary>Keeps a probe's answer for the report (the remote address reached, the status), whatever the test concludes.</summary>
    public void RecordProbe(string name, string family, ProbeInvocation probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        double? elapsed = null;
        try
        {
            using var payload = System.Text.Json.JsonDocument.Parse(probe.Payload);
            if (payload.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                payload.RootElement.TryGetProperty("elapsedMs", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                elapsed = value.GetDouble();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // A payload that is not JSON is still reported, through FunctionError and the other fields being empty.
        }

        Evidence.RecordProbe(new ProbeEvidence(name, family, probe.Url, probe.Ok, probe.Status, probe.RemoteAddress, probe.AddressFamily, probe.Error, elapsed, probe.Response.FunctionError));
    }

    /// <summary>
    /// The deployed stack for one test: writes the deploy log to the test's output, skips with the one reason when
    /// no credentials resolved, and raises the deployment's own failure when the stack is not there.
    /// </summary>
    public LiveStack Require()
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is not null)
        {
            var lines = session.Log.Tail(LogLinesPerTest);
            output.WriteLine($"Deploy log (last {lines.Count} of {session.Log.Lines.Count} lines):");
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }

        if (session.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return session.Require();
    }
}
