using Ipv6Lambda.Fixtures.Deployment;

namespace Ipv6Lambda.Fixture.Tests;

public sealed class StackFailureAnalysisTests
{
    private static StackEventLine Event(int minute, string logicalId, string status, string? reason = null, string type = "AWS::EC2::Subnet") =>
        new($"e{minute}", new DateTime(2025, 1, 1, 0, minute, 0, DateTimeKind.Utc), logicalId, type, status, reason);

    [Fact]
    public void The_root_cause_is_the_earliest_failed_resource_not_the_cancellations_or_the_stack()
    {
        StackEventLine[] newestFirst =
        [
            Event(9, "stack", "ROLLBACK_COMPLETE", type: "AWS::CloudFormation::Stack"),
            Event(8, "stack", "CREATE_FAILED", "The following resource(s) failed to create: [ProbeFunction, SubnetB].", "AWS::CloudFormation::Stack"),
            Event(7, "SubnetB", "CREATE_FAILED", "Resource creation cancelled"),
            Event(6, "ProbeFunction", "CREATE_FAILED", "The provided subnets contain availability zone Lambda doesn't support.", "AWS::Lambda::Function"),
            Event(5, "SubnetA", "CREATE_FAILED", "Resource creation cancelled"),
            Event(1, "stack", "CREATE_IN_PROGRESS", "User Initiated", "AWS::CloudFormation::Stack"),
        ];

        var failure = StackFailureAnalysis.Analyze("stack", "ROLLBACK_COMPLETE", null, newestFirst);

        failure.RootCause!.LogicalResourceId.Should().Be("ProbeFunction");
        failure.Summary.Should().Contain("Root cause: ProbeFunction (AWS::Lambda::Function) CREATE_FAILED: The provided subnets contain availability zone");
        failure.Describe().Should().Contain("SubnetB (AWS::EC2::Subnet) CREATE_FAILED: Resource creation cancelled", "recent events follow the cause");
    }

    [Fact]
    public void Without_a_failed_event_the_summary_says_where_to_look()
    {
        var failure = StackFailureAnalysis.Analyze("stack", "CREATE_IN_PROGRESS", null, [Event(1, "Vpc", "CREATE_IN_PROGRESS")], "Stack stack timed out");

        failure.RootCause.Should().BeNull();
        failure.Summary.Should().StartWith("Stack stack timed out").And.Contain("No *_FAILED event");
    }
}
