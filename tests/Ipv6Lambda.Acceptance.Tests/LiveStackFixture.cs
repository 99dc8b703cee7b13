using Ipv6Lambda.Fixtures.Live;
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

    public async ValueTask InitializeAsync() => await session.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => session.DisposeAsync();

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
