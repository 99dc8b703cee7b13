using System.Net;
using System.Xml.Linq;
using Amazon.SecurityToken.Model;

namespace Ipv6Lambda.AwsDouble.Tests;

public sealed class StsAndServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetCallerIdentity_returns_the_scenario_account_through_the_real_sts_client()
    {
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { Account = "210987654321" }, Ct);
        using var http = new DoubleHttp(server);
        using var sts = http.Sts();

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);

        identity.Account.Should().Be("210987654321");
        identity.Arn.Should().Be("arn:aws:iam::210987654321:user/ipv6lambda-ci");
        server.Requests.Should().ContainSingle().Which.Service.Should().Be("sts");
    }

    [Fact]
    public async Task The_default_account_is_123456789012()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);
        using var sts = http.Sts();

        (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct)).Account.Should().Be("123456789012");
    }

    [Fact]
    public async Task Sts_throttling_is_the_query_throttling_error()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        server.Faults.Add("GetCallerIdentity", new Fault.Throttle());
        using var http = new DoubleHttp(server);
        using var sts = http.Sts();

        var act = () => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);

        var error = (await act.Should().ThrowAsync<Amazon.SecurityToken.AmazonSecurityTokenServiceException>()).Which;
        error.ErrorCode.Should().Be("Throttling");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unsigned_request_is_recorded_then_refused_with_403()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var client = new HttpClient { BaseAddress = server.Endpoint };

        using var response = await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "CreateStack", ["Version"] = "2010-05-15", ["StackName"] = "sneaky",
        }), Ct);
        var body = XElement.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body.Value("Error/Code").Should().Be("MissingAuthenticationToken");
        var recorded = server.Requests.Should().ContainSingle().Subject;
        recorded.Operation.Should().Be("CreateStack");
        recorded.Service.Should().Be("cloudformation");
        recorded.StatusCode.Should().Be(403);
        server.AnyWriteCalled.Should().BeTrue("the attempt is recorded even though it was refused");
        server.Cloud.Stacks.Should().BeEmpty("a refused write changes nothing");
    }

    [Fact]
    public async Task A_header_without_a_credential_scope_is_an_incomplete_signature()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var client = new HttpClient { BaseAddress = server.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer abc");

        using var response = await client.SendAsync(request, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        XElement.Parse(await response.Content.ReadAsStringAsync(Ct)).Value("Error/Code").Should().Be("IncompleteSignature");
    }

    [Fact]
    public async Task A_connection_reset_fault_aborts_without_a_response_and_is_still_recorded()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        server.Faults.Add("*", new Fault.ConnectionReset());
        using var http = new DoubleHttp(server);

        var act = () => http.CloudFormationAsync("DescribeStacks");

        await act.Should().ThrowAsync<HttpRequestException>();
        server.Requests.Should().ContainSingle().Which.StatusCode.Should().Be(0);
        server.Faults.Pending.Should().Be(0);
        (await http.CloudFormationAsync("DescribeStacks")).Status.Should().Be(HttpStatusCode.OK, "the fault was used up");
    }

    [Fact]
    public async Task Server_errors_and_throttles_use_each_protocols_error_shape()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        server.Faults.Add("DescribeStacks", new Fault.ServerError(503));
        server.Faults.Add("DescribeStacks", new Fault.Throttle());
        server.Faults.Add("Invoke", new Fault.Throttle());
        using var http = new DoubleHttp(server);

        var (unavailable, error503) = await http.CloudFormationAsync("DescribeStacks");
        var (throttled, throttle) = await http.CloudFormationAsync("DescribeStacks");
        using var lambda = await http.InvokeAsync("any", "{}");

        unavailable.Should().Be(HttpStatusCode.ServiceUnavailable);
        error503.Value("Error/Type").Should().Be("Receiver");
        throttled.Should().Be(HttpStatusCode.BadRequest);
        throttle.Value("Error/Code").Should().Be("Throttling");
        lambda.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        lambda.Headers.GetValues("x-amzn-ErrorType").Should().Equal("TooManyRequestsException");
    }

    [Fact]
    public async Task A_defect_in_a_world_mutation_is_answered_as_a_readable_internal_failure()
    {
        await using var server = await AwsDoubleServer.StartAsync(
            Scenario.Healthy().WithWorld(_ => throw new InvalidOperationException("mutation exploded")), Ct);
        using var http = new DoubleHttp(server);

        var (status, body) = await http.CloudFormationAsync("CreateStack",
            ("StackName", "boom"), ("TemplateBody", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n"));

        status.Should().Be(HttpStatusCode.InternalServerError);
        body.Value("Error/Code").Should().Be("InternalFailure");
        body.Value("Error/Message").Should().Contain("mutation exploded");
        server.Requests.Single().StatusCode.Should().Be(500);
    }

    [Fact]
    public async Task A_delay_fault_answers_normally_after_the_delay()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        server.Faults.Add("DescribeStacks", new Fault.Delay(TimeSpan.FromMilliseconds(300)));
        using var http = new DoubleHttp(server);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (status, _) = await http.CloudFormationAsync("DescribeStacks");

        status.Should().Be(HttpStatusCode.OK);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task The_request_log_shows_the_order_of_read_and_write_operations()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);
        using var sts = http.Sts();

        await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);
        await http.CloudFormationAsync("ValidateTemplate", ("TemplateBody", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n"));
        server.AnyWriteCalled.Should().BeFalse();
        await http.CloudFormationAsync("DeleteStack", ("StackName", "nothing-here"));

        server.OperationOrder.Should().Equal("GetCallerIdentity", "ValidateTemplate", "DeleteStack");
        server.IndexOf("GetCallerIdentity").Should().BeLessThan(server.IndexOf("DeleteStack"));
        server.WriteRequests.Should().ContainSingle().Which.FormValue("StackName").Should().Be("nothing-here");
        server.IndexOf("CreateStack").Should().Be(-1);
    }

    [Fact]
    public async Task WaitForAsync_returns_once_the_condition_holds_and_times_out_otherwise()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);
        var waiting = server.WaitForRequestAsync("DescribeStacks", TimeSpan.FromSeconds(10), Ct);

        await http.CloudFormationAsync("DescribeStacks");
        var seen = await waiting;
        var never = () => server.WaitForAsync(() => false, TimeSpan.FromMilliseconds(100), Ct, "the impossible");

        seen.Operation.Should().Be("DescribeStacks");
        (await never.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("the impossible");
    }
}

public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_double_starts_and_answers_fast_enough_for_polling_loops()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: ct);
        var startup = started.Elapsed;
        server.Cloud.Deploy("ipv6lambda-speed");
        using var http = new DoubleHttp(server);
        using var ec2 = http.Ec2();
        await http.CloudFormationAsync("DescribeStacks", ("StackName", "ipv6lambda-speed"));

        const int Rounds = 200;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            await http.CloudFormationAsync("DescribeStackEvents", ("StackName", "ipv6lambda-speed"));
        }

        var cfn = clock.Elapsed;
        clock.Restart();
        for (var i = 0; i < Rounds; i++)
        {
            await ec2.DescribeRouteTablesAsync(new Amazon.EC2.Model.DescribeRouteTablesRequest(), ct);
        }

        var sdk = clock.Elapsed;
        output.WriteLine($"startup {startup.TotalMilliseconds:0} ms; DescribeStackEvents raw HTTP {cfn.TotalMilliseconds / Rounds:0.00} ms/req; " +
            $"DescribeRouteTables via AWSSDK.EC2 {sdk.TotalMilliseconds / Rounds:0.00} ms/req");
        startup.Should().BeLessThan(TimeSpan.FromSeconds(5));
        (cfn + sdk).Should().BeLessThan(TimeSpan.FromSeconds(20), "400 loopback round trips must not dominate a test run");
        server.Requests.Should().HaveCount(1 + (2 * Rounds));
    }
}

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_creates_and_reads_keep_every_stack_and_every_request()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: ct);
        using var http = new DoubleHttp(server);
        var template = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

        var creates = Enumerable.Range(0, 24).Select(i => http.CloudFormationAsync("CreateStack", ("StackName", $"p-{i}"), ("TemplateBody", template)));
        var reads = Enumerable.Range(0, 24).Select(_ => http.CloudFormationAsync("ListStacks"));
        var results = await Task.WhenAll(creates.Concat(reads));

        results.Should().OnlyContain(r => r.Status == System.Net.HttpStatusCode.OK);
        server.Cloud.Stacks.Select(s => s.StackName).Should().OnlyHaveUniqueItems().And.HaveCount(24);
        server.Requests.Should().HaveCount(48).And.OnlyContain(r => r.StatusCode == 200);
        server.Cloud.Read("p-7", w => w.Subnets.Count).Should().Be(2);
    }
}
