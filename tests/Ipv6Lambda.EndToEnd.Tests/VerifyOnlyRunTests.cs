using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

public sealed class VerifyOnlyRunTests
{
    [Fact]
    public async Task Verify_only_mode_checks_an_existing_stack_without_any_write()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var existing = server.Cloud.Deploy("ipv6lambda-existing-stack");
        await server.WaitForAsync(
            () => server.Cloud.FindStack("ipv6lambda-existing-stack")?.Status == "CREATE_COMPLETE", TimeSpan.FromSeconds(10), ct,
            "the pre-deployed stack to finish creating");
        var environment = AcceptanceRun.EnvironmentFor(server);
        environment["IPV6LAMBDA_STACK_NAME"] = "ipv6lambda-existing-stack";

        var run = await AcceptanceRun.RunAsync(environment, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        run.Tests.Where(t => !t.Passed).Should().BeEmpty("an existing healthy stack passes every live check; {0}", run.Describe());
        run.Tests.Should().HaveCount(LiveTests.All.Count);
        server.WriteRequests.Should().BeEmpty("verify-only mode never creates or deletes a stack; calls: {0}", string.Join(",", server.OperationOrder));
        server.Cloud.FindStack("ipv6lambda-existing-stack")!.Status.Should().Be("CREATE_COMPLETE", "the stack {0} is left as it was", existing.StackName);
    }

    [Fact]
    public async Task Verify_only_mode_names_a_stack_that_does_not_exist()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var environment = AcceptanceRun.EnvironmentFor(server);
        environment["IPV6LAMBDA_STACK_NAME"] = "ipv6lambda-no-such-stack";

        var run = await AcceptanceRun.RunAsync(environment, ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(t => t.Failed, "a missing stack fails every live test; {0}", run.Describe());
        run.Tests.Should().OnlyContain(t => t.Message.Contains("ipv6lambda-no-such-stack", StringComparison.Ordinal),
            "the failure names the stack that was not found; {0}", run.Describe());
        server.WriteRequests.Should().BeEmpty("verify-only mode never writes");
    }
}
