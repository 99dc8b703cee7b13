using System.Net;
using System.Text;
using Amazon.Runtime;
using Ipv6Lambda.Fixtures.Aws.Lambda;

namespace Ipv6Lambda.Clients.Tests;

public class LambdaClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetFunctionConfiguration_reads_the_vpc_config_and_state()
    {
        await using var server = ScriptedServer.Start(Reply.Json("""
            {"FunctionName":"probe","FunctionArn":"arn:aws:lambda:eu-west-3:123456789012:function:probe","Runtime":"python3.13",
             "Role":"arn:aws:iam::123456789012:role/r","Handler":"index.handler","Timeout":30,"MemorySize":256,
             "State":"Active","LastUpdateStatus":"Successful",
             "VpcConfig":{"SubnetIds":["subnet-a","subnet-b"],"SecurityGroupIds":["sg-1"],"VpcId":"vpc-1","Ipv6AllowedForDualStack":true},
             "Environment":{"Variables":{"PROBE_URL":"https://ipv6.google.com/"}},
             "LoggingConfig":{"LogGroup":"/aws/lambda/probe","LogFormat":"Text"},"Layers":[{"Arn":"arn:layer"}]}
            """, headers: new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-cfg" }));
        using var client = Wire.Lambda(server.Endpoint);

        var config = await client.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = "probe", Qualifier = "$LATEST" }, Ct);

        config.VpcConfig!.SubnetIds.Should().Equal("subnet-a", "subnet-b");
        config.VpcConfig.Ipv6AllowedForDualStack.Should().BeTrue();
        config.VpcConfig.VpcId.Should().Be("vpc-1");
        config.State.Should().Be("Active");
        config.Timeout.Should().Be(30);
        config.MemorySize.Should().Be(256);
        config.Environment!.Variables.Should().Contain("PROBE_URL", "https://ipv6.google.com/");
        config.LoggingConfig!.LogGroup.Should().Be("/aws/lambda/probe");
        config.Layers.Should().ContainSingle().Which.Arn.Should().Be("arn:layer");
        config.ResponseRequestId.Should().Be("req-cfg");
        var call = server.Calls.Single();
        call.Method.Should().Be("GET");
        call.PathAndQuery.Should().Be("/2015-03-31/functions/probe/configuration?Qualifier=%24LATEST");
        call.Header("Authorization").Should().MatchRegex($@"Credential={Wire.AccessKey}/\d{{8}}/{Wire.Region}/lambda/aws4_request");
    }

    [Fact]
    public async Task Invoke_with_Tail_sends_the_log_type_and_payload()
    {
        await using var server = ScriptedServer.Start(Reply.Json("""{"ok":true}""", headers: new Dictionary<string, string> { ["X-Amz-Executed-Version"] = "$LATEST" }));
        using var client = Wire.Lambda(server.Endpoint);

        var response = await client.InvokeAsync(new InvokeRequest { FunctionName = "probe", LogType = LogType.Tail, Payload = """{"url":"https://ipv6.google.com/"}""" }, Ct);

        response.StatusCode.Should().Be(200);
        response.FunctionError.Should().BeNull();
        response.ExecutedVersion.Should().Be("$LATEST");
        Encoding.UTF8.GetString(response.Payload.ToArray()).Should().Be("""{"ok":true}""");
        var call = server.Calls.Single();
        call.Method.Should().Be("POST");
        call.PathAndQuery.Should().Be("/2015-03-31/functions/probe/invocations");
        call.Header("X-Amz-Log-Type").Should().Be("Tail");
        call.Header("X-Amz-Invocation-Type").Should().Be("RequestResponse");
        call.Body.Should().Be("""{"url":"https://ipv6.google.com/"}""");
    }

    [Fact]
    public async Task Invoke_with_a_function_error_returns_FunctionError_a_readable_payload_and_a_decodable_log()
    {
        var log = "START RequestId: 1\nTraceback: URLError <urlopen error [Errno 101] Network is unreachable>\nEND RequestId: 1\n";
        await using var server = ScriptedServer.Start(Reply.Json("""{"errorMessage":"Network is unreachable","errorType":"URLError"}""",
            headers: new Dictionary<string, string>
            {
                ["X-Amz-Function-Error"] = "Unhandled",
                ["X-Amz-Log-Result"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(log)),
            }));
        using var client = Wire.Lambda(server.Endpoint);

        var response = await client.InvokeAsync(new InvokeRequest { FunctionName = "probe", LogType = LogType.Tail }, Ct);

        response.StatusCode.Should().Be(200, "a function error is still a 200 from the Invoke API");
        response.FunctionError.Should().Be("Unhandled");
        Encoding.UTF8.GetString(response.Payload.ToArray()).Should().Contain("Network is unreachable");
        Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult!)).Should().Be(log);
    }

    [Fact]
    public async Task A_missing_function_throws_ResourceNotFoundException_once_with_code_message_and_request_id()
    {
        await using var server = ScriptedServer.Start(Reply.Json("""{"Type":"User","message":"Function not found: arn:aws:lambda:eu-west-3:123456789012:function:ghost"}""", 404,
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirlambda/", ["x-amzn-RequestId"] = "req-404" }));
        using var client = Wire.Lambda(server.Endpoint);

        var act = () => client.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = "ghost" }, Ct);

        var thrown = (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        thrown.ErrorCode.Should().Be("ResourceNotFoundException");
        thrown.ErrorType.Should().Be(ErrorType.Sender);
        thrown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        thrown.RequestId.Should().Be("req-404");
        thrown.Message.Should().Contain("ResourceNotFoundException").And.Contain("Function not found").And.Contain("req-404");
        server.Calls.Should().ContainSingle();
    }

    [Fact]
    public async Task InvalidParameterValueException_is_typed_and_not_retried()
    {
        await using var server = ScriptedServer.Start(Reply.Json("""{"Type":"User","message":"Invalid qualifier"}""", 400,
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = "InvalidParameterValueException" }));
        using var client = Wire.Lambda(server.Endpoint);

        var act = () => client.InvokeAsync(new InvokeRequest { FunctionName = "probe", Qualifier = "bad" }, Ct);

        await act.Should().ThrowAsync<InvalidParameterValueException>();
        server.Calls.Should().ContainSingle();
        server.Calls.Single().PathAndQuery.Should().Be("/2015-03-31/functions/probe/invocations?Qualifier=bad");
    }

    [Fact]
    public void Operations_lists_the_IAM_actions_the_client_calls()
    {
        // Invoke is authorised by lambda:InvokeFunction, not an action named after the API.
        LambdaClient.Operations.Should().BeEquivalentTo("lambda:GetFunctionConfiguration", "lambda:InvokeFunction");
    }
}
