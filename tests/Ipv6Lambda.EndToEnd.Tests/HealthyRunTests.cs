using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

public sealed class HealthyRunTests
{
    [Fact]
    public async Task A_healthy_stack_passes_all_8_live_tests_and_is_deleted_after_guard_and_validation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);

        var run = await AcceptanceRun.RunAsync(AcceptanceRun.EnvironmentFor(server), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        run.Tests.Select(t => t.Method).Should().BeEquivalentTo(LiveTests.All, "the acceptance assembly holds exactly the 8 live tests");
        run.Tests.Where(t => !t.Passed).Should().BeEmpty("a healthy stack passes every live check; {0}", run.Describe());
        run.Errors.Should().BeEmpty("setup and teardown succeed; {0}", run.Describe());
        run.ExitCode.Should().Be(0, run.StandardOutput);
        var stack = server.Cloud.Stacks.Should().ContainSingle("the run deploys one stack").Subject;
        stack.Status.Should().Be("DELETE_COMPLETE", "the fixture deletes the stack {0} it deployed", stack.StackName);
        var order = server.OperationOrder.ToList();
        order.IndexOf("GetCallerIdentity").Should().BeInRange(0, order.IndexOf("CreateStack") - 1, "the account guard runs before the first write; order: {0}", string.Join(",", order));
        order.IndexOf("ValidateTemplate").Should().BeInRange(0, order.IndexOf("CreateStack") - 1, "the template is validated before CreateStack; order: {0}", string.Join(",", order));
        order.IndexOf("DeleteStack").Should().BeGreaterThan(order.IndexOf("CreateStack"));
        stack.Tags.Select(t => t.Key).Should().Contain(["ipv6lambda:suite", "ipv6lambda:run-id", "ipv6lambda:created-at", "ipv6lambda:expires-at"]);
        stack.Capabilities.Should().Contain("CAPABILITY_IAM");
        stack.ClientRequestToken.Should().NotBeNullOrEmpty("a retried CreateStack must be idempotent");
    }
}
