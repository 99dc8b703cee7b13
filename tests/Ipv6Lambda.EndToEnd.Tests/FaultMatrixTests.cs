using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>
/// The fault matrix: each row runs the whole live suite against the double with one kind of fault, and asserts that
/// the stack ends deleted (or is reported by name with what remains) and that the result tells the truth.
/// </summary>
public sealed class FaultMatrixTests(FaultRuns runs)
{
    /// <summary>Every operation the live suite calls in a healthy run; <see cref="The_throttled_operations_are_exactly_those_a_healthy_run_calls"/> keeps it complete.</summary>
    public static readonly IReadOnlyList<string> Operations =
    [
        "GetCallerIdentity", "ValidateTemplate", "CreateStack", "DescribeStackEvents", "DescribeStacks", "GetFunctionConfiguration",
        "DescribeStackResources", "DescribeVpcs", "DescribeSubnets", "DescribeRouteTables", "DescribeEgressOnlyInternetGateways",
        "DescribeInternetGateways", "DescribeNatGateways", "DescribeSecurityGroups", "DescribeNetworkInterfaces", "Invoke", "DeleteStack",
    ];

    // Each of these answers slowly once, past the 1 s client timeout.
    private static readonly string[] SlowOperations = ["GetCallerIdentity", "CreateStack", "DescribeVpcs", "GetFunctionConfiguration", "Invoke", "DeleteStack"];

    public static IReadOnlyList<RunPlan> Plans { get; } =
    [
        // The SDK backs off seconds after each throttle, so the operations are spread over three concurrent runs.
        .. Enumerable.Range(0, ThrottleRuns).Select(part => new RunPlan(
            ThrottledRun(part), Scenario.Healthy() with { Name = $"operations {part}, {part + ThrottleRuns}, ... throttled twice" },
            server =>
            {
                foreach (var operation in Operations.Where((_, i) => i % ThrottleRuns == part))
                {
                    server.Faults.Add(operation, new Fault.Throttle(), 2);
                }
            })),
        // 500, 503 and a reset connection on every operation, and slow answers past a 1 s client timeout, in one run.
        new("transient", Scenario.Healthy() with { Name = "500, 503, reset and slow answers" },
            server =>
            {
                foreach (var operation in Operations)
                {
                    server.Faults.Add(operation, new Fault.ServerError(500));
                    server.Faults.Add(operation, new Fault.ServerError(503));
                    server.Faults.Add(operation, new Fault.ConnectionReset());
                    if (SlowOperations.Contains(operation))
                    {
                        server.Faults.Add(operation, new Fault.Delay(TimeSpan.FromSeconds(2.5)));
                    }
                }
            },
            new Dictionary<string, string> { ["IPV6LAMBDA_HTTP_TIMEOUT"] = "1s" }),
        new("unavailable-beyond-retries", Scenario.Healthy() with { Name = "DescribeVpcs unavailable past every retry" },
            server => server.Faults.Add("DescribeVpcs", new Fault.ServerError(503), 40)),
        new("unsupported-az", Scenario.UnsupportedAvailabilityZone()),
        new("rollback-complete", Scenario.RollbackComplete("RouteTable", "Resource handler returned message: \"The maximum number of route tables has been reached. (Service: Ec2, Status Code: 400)\"")),
        new("create-timeout", Scenario.Healthy() with { Name = "a 60 s create", CreateDuration = TimeSpan.FromSeconds(60) },
            Environment: new Dictionary<string, string> { ["IPV6LAMBDA_CREATE_TIMEOUT"] = "3s" }),
        new("function-pending", Scenario.FunctionPending(1_000_000),
            Environment: new Dictionary<string, string> { ["IPV6LAMBDA_CREATE_TIMEOUT"] = "3s" }),
        new("delete-fails-once", Scenario.DeleteFailsOnce()),
        new("delete-never-completes", Scenario.DeleteNeverCompletes(),
            Environment: new Dictionary<string, string> { ["IPV6LAMBDA_DELETE_TIMEOUT"] = "2s" }),
    ];

    private const int ThrottleRuns = 3;

    public static TheoryData<string> ThrottledOperations() => [.. Operations];

    [Theory]
    [MemberData(nameof(ThrottledOperations))]
    public async Task A_throttling_burst_on_any_operation_is_retried_and_the_run_still_passes_8_of_8_and_deletes_the_stack(string operation)
    {
        var planned = await Get(ThrottledRun(Operations.ToList().IndexOf(operation) % ThrottleRuns));

        var requests = planned.Server.RequestsFor(operation);
        requests.Should().HaveCountGreaterThanOrEqualTo(3, "{0} was throttled twice and then answered; {1}", operation, planned.Describe());
        requests.Take(2).Should().OnlyContain(r => r.StatusCode == ThrottleStatus(r.Service), "the first two {0} calls got the service's throttling error", operation);
        requests.Skip(2).Should().Contain(r => r.StatusCode == 200, "a retry of {0} succeeded", operation);
        AssertPassedAndDeleted(planned);
    }

    [Fact]
    public async Task The_throttled_operations_are_exactly_those_a_healthy_run_calls()
    {
        for (var part = 0; part < ThrottleRuns; part++)
        {
            var planned = await Get(ThrottledRun(part));

            planned.Server.OperationOrder.Distinct().Should().BeEquivalentTo(Operations,
                "the matrix must throttle every operation the suite calls: add a new call to FaultMatrixTests.Operations");
        }
    }

    [Fact]
    public async Task A_500_and_a_503_on_every_operation_are_retried_and_the_run_still_passes()
    {
        var planned = await Get("transient");

        foreach (var operation in Operations)
        {
            planned.Server.RequestsFor(operation).Select(r => r.StatusCode).Should().StartWith([500, 503], "{0} answered 500, then 503, then reset, then for real; {1}", operation, planned.Describe());
        }

        AssertPassedAndDeleted(planned);
    }

    [Fact]
    public async Task A_reset_connection_on_every_operation_is_retried_and_the_run_still_passes()
    {
        var planned = await Get("transient");

        foreach (var operation in Operations)
        {
            var requests = planned.Server.RequestsFor(operation);
            requests.Should().HaveCountGreaterThanOrEqualTo(4, "{0}'s third attempt was reset and retried; {1}", operation, planned.Describe());
            requests[2].StatusCode.Should().Be(0, "the double answered {0}'s third attempt with a reset, not a response", operation);
        }

        AssertPassedAndDeleted(planned);
    }

    [Fact]
    public async Task A_response_slower_than_the_client_timeout_is_abandoned_and_retried_and_the_run_still_passes()
    {
        var planned = await Get("transient");

        foreach (var operation in SlowOperations)
        {
            planned.Server.RequestsFor(operation).Should().HaveCountGreaterThanOrEqualTo(5, "{0}'s fourth attempt answered after 2.5 s, past the 1 s timeout, and was sent again; {1}", operation, planned.Describe());
        }

        planned.Server.Cloud.Stacks.Should().ContainSingle("a CreateStack retried after a timeout is the same stack (ClientRequestToken)");
        AssertPassedAndDeleted(planned);
    }

    [Fact]
    public async Task A_fault_that_outlasts_every_retry_fails_every_live_test_and_the_stack_is_still_deleted()
    {
        var planned = await Get("unavailable-beyond-retries");

        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(
            t => t.Failed && t.Message.Contains("An internal error has occurred", StringComparison.Ordinal),
            "a run that could not read its VPC must not pass; {0}", planned.Describe());
        planned.Run.ExitCode.Should().NotBe(0);
        AssertDeleted(planned);
    }

    [Fact]
    public async Task Lambdas_unsupported_availability_zone_fails_every_test_saying_how_to_pick_other_zones()
    {
        var planned = await Get("unsupported-az");

        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(
            t => t.Failed
                && t.Message.Contains("Root cause: ProbeFunction", StringComparison.Ordinal)
                && t.Message.Contains("availability zone Lambda doesn't support", StringComparison.Ordinal)
                && t.Message.Contains("IPV6LAMBDA_PARAMETER_AvailabilityZone1=", StringComparison.Ordinal)
                && t.Message.Contains("-TemplateParameter @{AvailabilityZone1=", StringComparison.Ordinal)
                && t.Message.Contains("describe-availability-zones --region us-east-1", StringComparison.Ordinal),
            "the failure names the first failed resource, its reason, and how to choose other zones; {0}", planned.Describe());
        AssertDeleted(planned);
    }

    [Fact]
    public async Task A_stack_that_ends_ROLLBACK_COMPLETE_fails_every_test_with_its_root_cause_and_is_deleted()
    {
        var planned = await Get("rollback-complete");

        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(
            t => t.Failed && t.Message.Contains("ROLLBACK_COMPLETE", StringComparison.Ordinal)
                && t.Message.Contains("Root cause: RouteTable", StringComparison.Ordinal)
                && t.Message.Contains("maximum number of route tables", StringComparison.Ordinal),
            "a rolled-back stack is a failed deployment naming its first failed resource; {0}", planned.Describe());
        AssertDeleted(planned);
    }

    [Fact]
    public async Task A_create_that_outlives_the_create_timeout_is_cancelled_and_deleted_and_every_test_fails_naming_the_stack()
    {
        var planned = await Get("create-timeout");
        var stack = planned.Server.Cloud.Stacks.Should().ContainSingle().Subject;

        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(
            t => t.Failed && t.Message.Contains(stack.StackName, StringComparison.Ordinal) && t.Message.Contains("IPV6LAMBDA_CREATE_TIMEOUT", StringComparison.Ordinal),
            "a timed-out create fails every test with the stack's name; {0}", planned.Describe());
        stack.CreateFinishedAt.Should().BeNull("the delete superseded the 60 s create before it finished");
        planned.Run.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(45), "the run gave up after 3 s, not after the 60 s create");
        AssertDeleted(planned);
    }

    [Fact]
    public async Task A_function_stuck_Pending_times_out_with_its_name_and_state_and_the_stack_is_deleted()
    {
        var planned = await Get("function-pending");

        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(
            t => t.Failed && t.Message.Contains("is still State Pending", StringComparison.Ordinal) && t.Message.Contains("IPV6LAMBDA_CREATE_TIMEOUT", StringComparison.Ordinal),
            "a function that never leaves Pending fails every test with its state; {0}", planned.Describe());
        var function = planned.Server.Cloud.Read(planned.Server.Cloud.Stacks.Single().StackId, world => world.Function.FunctionName);
        planned.Run.Tests[0].Message.Should().Contain(function);
        AssertDeleted(planned);
    }

    [Fact]
    public async Task A_delete_that_fails_once_because_an_ENI_is_in_use_is_retried_and_reported_as_a_warning_not_a_failure()
    {
        var planned = await Get("delete-fails-once");
        var stack = planned.Server.Cloud.Stacks.Should().ContainSingle().Subject;

        planned.Server.RequestsFor("DeleteStack").Should().HaveCount(2, "DELETE_FAILED is retried once");
        planned.Run.ExitCode.Should().Be(0, "a delete that succeeded on retry is not a failure; {0}", planned.Describe());
        planned.Run.StandardOutput.Should().Contain("WARNING: stack " + stack.StackName, "the retry is visible in the run's output")
            .And.Contain("DELETE_FAILED").And.Contain("has a dependent object");
        AssertPassedAndDeleted(planned);
    }

    [Fact]
    public async Task A_delete_that_does_not_finish_in_time_is_reported_with_the_stack_name_and_the_commands_to_finish_it()
    {
        var planned = await Get("delete-never-completes");
        var stack = planned.Server.Cloud.Stacks.Should().ContainSingle().Subject;

        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(t => t.Passed, "the checks themselves pass; {0}", planned.Describe());
        planned.Run.ExitCode.Should().NotBe(0, "a stack left behind fails the run; a teardown failure is never swallowed");
        stack.Status.Should().NotBe("DELETE_COMPLETE");
        planned.Run.Errors.Should().ContainSingle(e =>
                e.Contains($"aws cloudformation delete-stack --stack-name {stack.StackName} --region us-east-1", StringComparison.Ordinal)
                && e.Contains($"aws cloudformation wait stack-delete-complete --stack-name {stack.StackName} --region us-east-1", StringComparison.Ordinal)
                && e.Contains("Remaining resources", StringComparison.Ordinal),
            "the teardown error names the stack, what remains and the exact commands; {0}", planned.Describe());
    }

    internal static void AssertPassedAndDeleted(PlannedRun planned)
    {
        planned.Run.Tests.Select(t => t.Method).Should().BeEquivalentTo(LiveTests.All, planned.Describe());
        planned.Run.Tests.Where(t => !t.Passed).Should().BeEmpty("the faults were transient, so every check passes; {0}", planned.Describe());
        planned.Run.Errors.Should().BeEmpty(planned.Describe());
        planned.Run.ExitCode.Should().Be(0, planned.Describe());
        AssertDeleted(planned);
    }

    internal static void AssertDeleted(PlannedRun planned)
    {
        var stack = planned.Server.Cloud.Stacks.Should().ContainSingle("the run creates one stack; {0}", planned.Describe()).Subject;
        stack.Status.Should().Be("DELETE_COMPLETE", "the stack {0} must not be left behind; {1}", stack.StackName, planned.Describe());
    }

    private static string ThrottledRun(int part) => $"throttled-{part}";

    private static int ThrottleStatus(string service) => service switch
    {
        "ec2" => 503,
        "lambda" => 429,
        _ => 400,
    };

    private async Task<PlannedRun> Get(string name)
    {
        var planned = await runs.GetAsync(name, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(planned.Describe());
        return planned;
    }
}
