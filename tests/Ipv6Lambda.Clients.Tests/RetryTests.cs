using System.Diagnostics;
using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Ipv6Lambda.Fixtures.Aws;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;

namespace Ipv6Lambda.Clients.Tests;

/// <summary>Retries are AWSSDK.Core's Standard mode; these prove our error unmarshallers feed it the parsed codes.</summary>
public class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Reply Listed = Reply.Xml(Wire.CfnOk("ListStacks", "<StackSummaries/>"));

    [Fact]
    public async Task CloudFormation_Throttling_twice_then_success_takes_three_attempts()
    {
        var throttled = Reply.Xml(Wire.CfnError("Throttling", "Rate exceeded", "req-throttle"), 400);
        await using var server = ScriptedServer.Start(throttled, throttled, Listed);
        using var client = Wire.CloudFormation(server.Endpoint);
        var clock = Stopwatch.StartNew();

        await client.ListStacksAsync(new ListStacksRequest(), Ct);

        server.Calls.Should().HaveCount(3, "Throttling (400) is a throttling code the Standard retry policy retries");
        TestContext.Current.TestOutputHelper?.WriteLine($"3 attempts with backoff took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task CloudFormation_500_then_success_takes_two_attempts()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnError("InternalFailure", "boom", "req-500", "Receiver"), 500), Listed);
        using var client = Wire.CloudFormation(server.Endpoint);

        await client.ListStacksAsync(new ListStacksRequest(), Ct);

        server.Calls.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var server = ScriptedServer.Start(Reply.ConnectionReset, Listed);
        using var client = Wire.CloudFormation(server.Endpoint);

        await client.ListStacksAsync(new ListStacksRequest(), Ct);

        server.Calls.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_400_that_is_not_throttling_is_not_retried()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnError("AccessDenied", "not authorized to perform cloudformation:ListStacks", "req-denied"), 403));
        using var client = Wire.CloudFormation(server.Endpoint);

        var act = () => client.ListStacksAsync(new ListStacksRequest(), Ct);

        var thrown = (await act.Should().ThrowAsync<AmazonCloudFormationException>()).Which;
        thrown.ErrorCode.Should().Be("AccessDenied");
        thrown.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        server.Calls.Should().ContainSingle("a client error other than throttling cannot succeed on retry");
    }

    [Fact]
    public async Task Persistent_throttling_gives_up_after_the_configured_attempts_with_the_throttling_code()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnError("Throttling", "Rate exceeded", "req-t"), 400));
        using var client = Wire.CloudFormation(server.Endpoint);

        var act = () => client.ListStacksAsync(new ListStacksRequest(), Ct);

        var thrown = (await act.Should().ThrowAsync<AmazonCloudFormationException>()).Which;
        thrown.ErrorCode.Should().Be("Throttling");
        thrown.RequestId.Should().Be("req-t");
        server.Calls.Should().HaveCount(1 + AwsClientDefaults.MaxErrorRetry, "attempts are bounded: one try plus MaxErrorRetry retries");
    }

    [Fact]
    public async Task Lambda_429_TooManyRequestsException_twice_then_success_takes_three_attempts()
    {
        var throttled = Reply.Json("""{"Type":"User","message":"Rate exceeded"}""", 429, new Dictionary<string, string> { ["x-amzn-ErrorType"] = "TooManyRequestsException" });
        await using var server = ScriptedServer.Start(throttled, throttled, Reply.Json("""{"FunctionName":"f"}"""));
        using var client = Wire.Lambda(server.Endpoint);

        var response = await client.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = "f" }, Ct);

        response.FunctionName.Should().Be("f");
        server.Calls.Should().HaveCount(3);
    }

    [Fact]
    public async Task Lambda_persistent_429_surfaces_as_TooManyRequestsException()
    {
        await using var server = ScriptedServer.Start(Reply.Json("""{"Type":"User","message":"Rate exceeded"}""", 429,
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = "TooManyRequestsException", ["x-amzn-RequestId"] = "req-429" }));
        using var client = Wire.Lambda(server.Endpoint);

        var act = () => client.InvokeAsync(new InvokeRequest { FunctionName = "f" }, Ct);

        var thrown = (await act.Should().ThrowAsync<TooManyRequestsException>()).Which;
        thrown.StatusCode.Should().Be((HttpStatusCode)429);
        thrown.RequestId.Should().Be("req-429");
        server.Calls.Should().HaveCount(1 + AwsClientDefaults.MaxErrorRetry);
    }

    [Fact]
    public async Task Ec2_RequestLimitExceeded_then_success_is_retried()
    {
        var limited = Reply.Xml("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>req-ec2</RequestID></Response>", 503);
        var vpcs = Reply.Xml("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-ok</requestId><vpcSet><item><vpcId>vpc-0123</vpcId></item></vpcSet></DescribeVpcsResponse>");
        await using var server = ScriptedServer.Start(limited, vpcs);
        var config = new AmazonEC2Config { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = Wire.Region, RetryMode = AwsClientDefaults.RetryMode, MaxErrorRetry = AwsClientDefaults.MaxErrorRetry };
        using var ec2 = new AmazonEC2Client(Wire.Credentials, config);

        var response = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct);

        response.Vpcs.Should().ContainSingle().Which.VpcId.Should().Be("vpc-0123");
        server.Calls.Should().HaveCount(2);
    }
}
