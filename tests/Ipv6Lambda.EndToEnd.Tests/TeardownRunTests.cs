using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

public sealed class TeardownRunTests
{
    [Fact]
    public async Task A_delete_that_fails_once_is_retried_and_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteFailsOnce(), ct);

        var run = await AcceptanceRun.RunAsync(AcceptanceRun.EnvironmentFor(server), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        run.ExitCode.Should().Be(0, run.Describe());
        server.RequestsFor("DeleteStack").Should().HaveCount(2, "DELETE_FAILED is retried exactly once");
        server.Cloud.Stacks.Should().ContainSingle().Which.Status.Should().Be("DELETE_COMPLETE");
    }

    [Fact]
    public async Task A_delete_that_never_completes_fails_the_run_naming_the_stack_and_what_remains()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteNeverCompletes(), ct);
        var environment = AcceptanceRun.EnvironmentFor(server);
        environment["IPV6LAMBDA_DELETE_TIMEOUT"] = "4s";

        var run = await AcceptanceRun.RunAsync(environment, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        var stack = server.Cloud.Stacks.Should().ContainSingle().Subject;
        run.Tests.Should().OnlyContain(t => t.Passed, "the checks themselves pass");
        run.ExitCode.Should().NotBe(0, "a teardown failure fails the run, it is never swallowed");
        run.Errors.Should().ContainSingle(e => e.Contains(stack.StackName, StringComparison.Ordinal) && e.Contains("Remaining resources", StringComparison.Ordinal),
            "the error names the stack and what remains; {0}", run.Describe());
    }
}
