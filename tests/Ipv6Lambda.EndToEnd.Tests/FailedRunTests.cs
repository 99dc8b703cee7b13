using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

public sealed class FailedRunTests
{
    [Fact]
    public async Task A_function_that_ends_Failed_fails_every_live_test_with_its_state_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Broken(BrokenCheck.FunctionNotActive), ct);

        var run = await AcceptanceRun.RunAsync(AcceptanceRun.EnvironmentFor(server), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        run.Tests.Should().HaveCount(8).And.OnlyContain(
            t => t.Failed && t.Message.Contains("CreateNetworkInterface", StringComparison.Ordinal),
            "a Failed function is a failed deployment whose StateReason every test reports; {0}", run.Describe());
        server.Cloud.Stacks.Should().ContainSingle().Which.Status.Should().Be("DELETE_COMPLETE");
    }

    [Fact]
    public async Task Credentials_for_an_account_that_is_not_allowed_write_nothing_and_fail_every_live_test()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var environment = AcceptanceRun.EnvironmentFor(server);
        environment["IPV6LAMBDA_ALLOWED_ACCOUNTS"] = "210987654321";

        var run = await AcceptanceRun.RunAsync(environment, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        server.WriteRequests.Should().BeEmpty("the guard refuses before any write; requests: {0}", string.Join(",", server.OperationOrder));
        server.OperationOrder.Should().Contain("GetCallerIdentity");
        run.Tests.Should().HaveCount(8).And.OnlyContain(
            t => t.Failed && t.Message.Contains(Scenario.DefaultAccount, StringComparison.Ordinal) && t.Message.Contains("210987654321", StringComparison.Ordinal),
            "every test fails naming the caller's account and the allowed list; {0}", run.Describe());
    }

    [Fact]
    public async Task Without_credentials_the_8_live_tests_are_skipped_with_how_to_enable_them()
    {
        var ct = TestContext.Current.CancellationToken;

        var run = await AcceptanceRun.RunAsync(new Dictionary<string, string>(), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        run.Tests.Should().HaveCount(8).And.OnlyContain(
            t => t.Skipped && t.Message.Contains("No AWS credentials resolved", StringComparison.Ordinal) && t.Message.Contains("AWS_PROFILE", StringComparison.Ordinal),
            "without credentials the live suite is skipped with one reason; {0}", run.Describe());
        run.ExitCode.Should().Be(0, "skips are not failures");
    }
}
