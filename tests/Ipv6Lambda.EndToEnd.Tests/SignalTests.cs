using System.Diagnostics;
using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>Ctrl+C or SIGTERM during a create: the delete goes out before the process exits, proven by the double's request log.</summary>
public sealed class SignalTests(FaultRuns runs)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> SignalledAt = new(StringComparer.Ordinal);

    public static IReadOnlyList<RunPlan> Plans { get; } = OperatingSystem.IsWindows() ? [] : [Plan("INT"), Plan("TERM"), InFlightPlan()];

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_during_create_starts_the_delete_before_the_process_exits(string signal)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals only");
        var planned = await runs.GetAsync(PlanName(signal), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(planned.Describe());
        TestContext.Current.TestOutputHelper?.WriteLine(planned.Run.StandardOutput);

        var sent = SignalledAt.TryGetValue(PlanName(signal), out var at) ? at : throw new InvalidOperationException($"SIG{signal} was never sent.");
        var delete = planned.Server.RequestsFor("DeleteStack").Should().NotBeEmpty("SIG{0} must start the delete; {1}", signal, planned.Describe()).And.Subject.First();
        delete.ReceivedAt.Should().BeOnOrAfter(sent, "the delete follows the signal");
        delete.ReceivedAt.Should().BeBefore(planned.Run.ExitedAt, "the delete is sent before the process exits");
        planned.Run.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(45), "the interrupted run does not sit out the 60 s create");
        var stack = planned.Server.Cloud.Stacks.Should().ContainSingle().Subject;
        stack.CreateFinishedAt.Should().BeNull("the delete cancelled the create");
        stack.Status.Should().Be("DELETE_COMPLETE", "the interrupted run's stack {0} is gone", stack.StackName);
        planned.Run.Tests.Where(t => t.Passed).Should().BeEmpty("an interrupted run never passes; {0}", planned.Describe());
    }

    [Fact]
    public async Task SIGINT_while_CreateStack_is_in_flight_deletes_the_stack_the_create_then_made()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals only");
        var planned = await runs.GetAsync(InFlightPlanName, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(planned.Describe());
        TestContext.Current.TestOutputHelper?.WriteLine(planned.Run.StandardOutput);

        var create = planned.Server.RequestsFor("CreateStack").Should().ContainSingle().Subject;
        var sent = SignalledAt.TryGetValue(InFlightPlanName, out var at) ? at : throw new InvalidOperationException("SIGINT was never sent.");
        sent.Should().BeBefore(create.ReceivedAt + CreateStackDelay, "the signal arrived while CreateStack was unanswered");
        var delete = planned.Server.RequestsFor("DeleteStack").Should().NotBeEmpty("SIGINT must delete the stack; {0}", planned.Describe()).And.Subject.First();
        delete.ReceivedAt.Should().BeOnOrAfter(create.ReceivedAt + CreateStackDelay, "the delete waits for CreateStack's answer, or it would delete nothing");
        delete.ReceivedAt.Should().BeBefore(planned.Run.ExitedAt, "the delete is sent before the process exits");
        var stack = planned.Server.Cloud.Stacks.Should().ContainSingle().Subject;
        stack.Status.Should().Be("DELETE_COMPLETE", "the stack {0} that the in-flight create made is gone", stack.StackName);
    }

    private const string InFlightPlanName = "sigint-during-createstack-call";

    private static readonly TimeSpan CreateStackDelay = TimeSpan.FromSeconds(3);

    private static RunPlan InFlightPlan() =>
        new(InFlightPlanName, Scenario.Healthy() with { Name = "SIGINT while CreateStack is unanswered", CreateDuration = TimeSpan.FromSeconds(60) },
            server => server.Faults.Add("CreateStack", new Fault.Delay(CreateStackDelay)),
            Options: server => new AcceptanceRunOptions
            {
                AllowMissingResults = true,
                CaptureFiles = true,
                WhileRunning = async (process, ct) =>
                {
                    await server.WaitForRequestAsync("CreateStack", TimeSpan.FromSeconds(60), ct);
                    SignalledAt[InFlightPlanName] = DateTimeOffset.UtcNow;
                    await SendSignalAsync("INT", process.Id, ct);
                },
            });

    private static string PlanName(string signal) => $"sig{signal.ToLowerInvariant()}-during-create";

    private static RunPlan Plan(string signal) =>
        new(PlanName(signal), Scenario.Healthy() with { Name = $"SIG{signal} during a 60 s create", CreateDuration = TimeSpan.FromSeconds(60) },
            Options: server => new AcceptanceRunOptions
            {
                AllowMissingResults = true,
                CaptureFiles = true,
                WhileRunning = async (process, ct) =>
                {
                    await server.WaitForRequestAsync("CreateStack", TimeSpan.FromSeconds(60), ct);
                    await server.WaitForAsync(() => server.RequestsFor("CreateStack")[0].StatusCode == 200, TimeSpan.FromSeconds(10), ct, "CreateStack's answer");
                    SignalledAt[PlanName(signal)] = DateTimeOffset.UtcNow;
                    await SendSignalAsync(signal, process.Id, ct);
                },
            });

    // .NET can receive POSIX signals but not send them; kill(1) is on every POSIX system.
    private static async Task SendSignalAsync(string signal, int pid, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start kill(1).");
        await kill.WaitForExitAsync(cancellationToken);
        kill.ExitCode.Should().Be(0, "kill -{0} {1} reaches the test process", signal, pid);
    }
}
