using System.Net;
using System.Text;
using System.Text.Json;

namespace Ipv6Lambda.AwsDouble.Tests;

public sealed class LambdaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(AwsDoubleServer Server, DoubleHttp Http, string Function)> DeployAsync(Scenario scenario)
    {
        var server = await AwsDoubleServer.StartAsync(scenario, Ct);
        var function = server.Cloud.Deploy("ipv6lambda-fn").Outputs.Single(o => o.Key == "FunctionName").Value;
        return (server, new DoubleHttp(server), function);
    }

    [Fact]
    public async Task GetFunctionConfiguration_reports_the_dual_stack_vpc_config_logging_and_environment()
    {
        var (server, http, function) = await DeployAsync(Scenario.Healthy());
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetConfigurationAsync(function);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        root.GetProperty("FunctionName").GetString().Should().Be(function).And.StartWith("ipv6lambda-fn-ProbeFunction-");
        root.GetProperty("FunctionArn").GetString().Should().Be($"arn:aws:lambda:us-east-1:123456789012:function:{function}");
        root.GetProperty("Runtime").GetString().Should().Be("python3.13");
        root.GetProperty("Timeout").GetInt32().Should().Be(30);
        root.GetProperty("State").GetString().Should().Be("Active");
        root.GetProperty("LastUpdateStatus").GetString().Should().Be("Successful");
        var vpc = root.GetProperty("VpcConfig");
        vpc.GetProperty("Ipv6AllowedForDualStack").GetBoolean().Should().BeTrue();
        vpc.GetProperty("SubnetIds").GetArrayLength().Should().Be(2);
        vpc.GetProperty("SecurityGroupIds").EnumerateArray().Single().GetString().Should().StartWith("sg-");
        vpc.GetProperty("VpcId").GetString().Should().Be(server.Cloud.Read("ipv6lambda-fn", w => w.Vpc.VpcId));
        root.GetProperty("LoggingConfig").GetProperty("LogGroup").GetString().Should().StartWith("ipv6lambda-fn-FunctionLogGroup-");
        root.GetProperty("Environment").GetProperty("Variables").GetProperty("PROBE_URL").GetString().Should().Be("https://ipv6.google.com/");
    }

    [Fact]
    public async Task A_pending_function_turns_active_after_the_configured_number_of_reads()
    {
        var (server, http, function) = await DeployAsync(Scenario.FunctionPending(2));
        await using var _ = server;
        using var __ = http;

        var states = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.GetConfigurationAsync(function);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            states.Add(json.RootElement.GetProperty("State").GetString()!);
        }

        states.Should().Equal("Pending", "Pending", "Active", "Active");
    }

    [Fact]
    public async Task Invoking_a_pending_function_is_a_resource_conflict()
    {
        var (server, http, function) = await DeployAsync(Scenario.FunctionPending(5));
        await using var _ = server;
        using var __ = http;

        using var response = await http.InvokeAsync(function, "{}");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Headers.GetValues("x-amzn-ErrorType").Should().Equal("ResourceConflictException");
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("Pending");
    }

    [Fact]
    public async Task A_failed_function_reports_its_state_reason()
    {
        var (server, http, function) = await DeployAsync(Scenario.FunctionFailed());
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetConfigurationAsync(function);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        json.RootElement.GetProperty("State").GetString().Should().Be("Failed");
        json.RootElement.GetProperty("StateReasonCode").GetString().Should().Be("InsufficientRolePermissions");
        json.RootElement.GetProperty("StateReason").GetString().Should().Contain("CreateNetworkInterface");
    }

    [Fact]
    public async Task An_unknown_function_is_resource_not_found()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);

        using var response = await http.GetConfigurationAsync("nope");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Headers.GetValues("x-amzn-ErrorType").Should().Equal("ResourceNotFoundException");
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("\"Type\":\"User\"").And.Contain("function:nope");
    }

    [Fact]
    public async Task The_ipv6_probe_succeeds_and_returns_the_handler_contract_with_a_log_tail()
    {
        var (server, http, function) = await DeployAsync(Scenario.Healthy());
        await using var _ = server;
        using var __ = http;

        using var response = await http.InvokeAsync(function, """{"family":"ipv6"}""", tail: true);
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(response.Headers.GetValues("X-Amz-Log-Result").Single()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("X-Amz-Function-Error").Should().BeFalse();
        response.Headers.GetValues("X-Amz-Executed-Version").Should().Equal("$LATEST");
        var p = payload.RootElement;
        p.EnumerateObject().Select(o => o.Name).Should().Equal("ok", "url", "status", "remoteAddress", "addressFamily", "elapsedMs", "error");
        p.GetProperty("ok").GetBoolean().Should().BeTrue();
        p.GetProperty("url").GetString().Should().Be("https://ipv6.google.com/");
        p.GetProperty("status").GetInt32().Should().Be(200);
        p.GetProperty("addressFamily").GetString().Should().Be("IPv6");
        System.Net.IPAddress.Parse(p.GetProperty("remoteAddress").GetString()!).AddressFamily.Should().Be(System.Net.Sockets.AddressFamily.InterNetworkV6);
        p.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
        log.Should().StartWith("START RequestId: ").And.Contain("{\"probe\": {\"addressFamily\": \"IPv6\"").And.Contain("REPORT RequestId: ");
    }

    [Fact]
    public async Task The_ipv4_control_fails_in_a_vpc_with_no_ipv4_way_out()
    {
        var (server, http, function) = await DeployAsync(Scenario.Healthy());
        await using var _ = server;
        using var __ = http;

        using var response = await http.InvokeAsync(function, """{"family":"ipv4","url":"https://example.com/"}""");
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.Headers.Contains("X-Amz-Log-Result").Should().BeFalse("no log tail was asked for");
        payload.RootElement.GetProperty("ok").GetBoolean().Should().BeFalse();
        payload.RootElement.GetProperty("addressFamily").GetString().Should().Be("IPv4");
        payload.RootElement.GetProperty("url").GetString().Should().Be("https://example.com/");
        payload.RootElement.GetProperty("error").GetString().Should().Be("TimeoutError: timed out");
    }

    [Fact]
    public async Task An_unknown_family_is_reported_as_evidence_not_raised()
    {
        var (server, http, function) = await DeployAsync(Scenario.Healthy());
        await using var _ = server;
        using var __ = http;

        using var response = await http.InvokeAsync(function, """{"family":"ipx"}""");
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        payload.RootElement.GetProperty("addressFamily").ValueKind.Should().Be(JsonValueKind.Null);
        payload.RootElement.GetProperty("error").GetString().Should().Contain("family must be 'ipv6' or 'ipv4'");
    }

    [Fact]
    public async Task Invoke_accepts_the_function_arn()
    {
        var (server, http, function) = await DeployAsync(Scenario.Healthy());
        await using var _ = server;
        using var __ = http;
        var arn = server.Cloud.Read("ipv6lambda-fn", w => w.Function.FunctionArn);

        using var response = await http.InvokeAsync(arn, "{}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.RequestsFor("Invoke").Single().Service.Should().Be("lambda");
    }
}
