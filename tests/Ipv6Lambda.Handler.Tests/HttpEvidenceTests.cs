using Ipv6Lambda.Handler.Tests.Infrastructure;

namespace Ipv6Lambda.Handler.Tests;

/// <summary>What a probe returns, logs and sends when it reaches an http server over IPv6.</summary>
public class HttpEvidenceTests
{
    [Fact]
    public async Task A_successful_http_probe_returns_the_full_IPv6_evidence() =>
        await SuccessScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_server_receives_one_GET_with_the_url_host_as_Host_header() =>
        await SingleGetScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_3xx_answer_is_success_and_the_redirect_is_not_followed() =>
        await RedirectScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(403, "Forbidden")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Service Unavailable")]
    public async Task A_4xx_or_5xx_answer_is_a_failure_that_keeps_the_status(int status, string reason) =>
        await ErrorStatusScenario(PythonHandler.FromTemplate, status, reason, TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_default_url_comes_from_PROBE_URL_when_the_event_names_none() =>
        await DefaultUrlScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Every_probe_logs_exactly_one_structured_JSON_line() =>
        await OneLogLineScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    internal static async Task SuccessScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200);
        var url = server.UrlFor("/");

        var run = await handler.InvokeAsync(new { url }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnEvidence();
        evidence.Ok.Should().BeTrue("a 200 from [::1] is success; got {0}", evidence);
        evidence.Status.Should().Be(200, "the server answered 200; got {0}", evidence);
        evidence.Url.Should().Be(url, "the evidence echoes the URL it probed");
        evidence.AddressFamily.Should().Be("IPv6", "the default family is ipv6; got {0}", evidence);
        evidence.RemoteAddress.Should().Be("::1",
            "remoteAddress is the peer the socket actually connected to, here the IPv6 loopback; got {0}", evidence);
        evidence.KindOf("error").Should().Be(System.Text.Json.JsonValueKind.Null,
            "a successful probe has error null; got {0}", evidence);
    }

    internal static async Task SingleGetScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200);

        var run = await handler.InvokeAsync(new { url = server.UrlFor("/health/check?from=lambda&n=1") }, cancellationToken);
        ProbeAssertions.Log(run);

        run.ShouldReturnEvidence().Ok.Should().BeTrue(run.Describe());
        server.ConnectionCount.Should().Be(1, "one probe opens one connection");
        server.Requests.Should().ContainSingle("one probe sends exactly one request");
        var request = server.Requests[0];
        request.RequestLine.Should().Be("GET /health/check?from=lambda&n=1 HTTP/1.1",
            "the probe sends a GET for the URL's path and query; the server saw:\n{0}", request.Raw);
        request.HeaderValues("Host").Should().Equal([server.Authority],
            "the Host header is the URL's host and port, bracketed for an IPv6 literal; the server saw:\n{0}",
            request.Raw);
    }

    internal static async Task RedirectScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var target = LoopbackHttpServer.Start(_ => ServerReply.Status200);
        await using var server = LoopbackHttpServer.Answering(
            302, "Found", KeyValuePair.Create("Location", target.UrlFor("/moved")));

        var run = await handler.InvokeAsync(new { url = server.UrlFor("/") }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnEvidence();
        evidence.Ok.Should().BeTrue("a 3xx answer proves the path works, so it is success; got {0}", evidence);
        evidence.Status.Should().Be(302, "the probe reports the answer it got, not a followed one; got {0}", evidence);
        server.Requests.Should().ContainSingle("the probe sends one GET and does not retry");
        target.ConnectionCount.Should().Be(0,
            "the probe must not follow redirects: the Location target {0} was contacted", target.UrlFor("/moved"));
    }

    internal static async Task ErrorStatusScenario(
        PythonHandler handler, int status, string reason, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Answering(status, reason);

        var run = await handler.InvokeAsync(new { url = server.UrlFor("/") }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.Status.Should().Be(status, "the evidence keeps the status the server answered; got {0}", evidence);
        evidence.Error.Should().Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "the error names the HTTP status; got {0}", evidence);
        evidence.RemoteAddress.Should().Be("::1", "the connection itself worked over IPv6; got {0}", evidence);
    }

    internal static async Task DefaultUrlScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200);
        var url = server.UrlFor("/from-environment");

        var run = await handler.InvokeAsync(
            new { family = "ipv6" }, cancellationToken, new Dictionary<string, string?> { ["PROBE_URL"] = url });
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnEvidence();
        evidence.Url.Should().Be(url, "an event without url probes PROBE_URL; got {0}", evidence);
        evidence.Ok.Should().BeTrue(run.Describe());
        server.Requests.Should().ContainSingle().Which.Target.Should().Be("/from-environment",
            "the request went to the PROBE_URL path");
    }

    internal static async Task OneLogLineScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200);
        await using var failing = LoopbackHttpServer.Answering(500, "Internal Server Error");

        var runs = await Task.WhenAll(
            handler.InvokeAsync(new { url = server.UrlFor("/") }, cancellationToken),
            handler.InvokeAsync(new { url = failing.UrlFor("/") }, cancellationToken),
            handler.InvokeAsync(new { url = server.UrlFor("/"), family = "ipx" }, cancellationToken));

        foreach (var run in runs)
        {
            ProbeAssertions.Log(run);
            run.ShouldReturnEvidence();
            run.ShouldLogOneStructuredLine();
        }
    }
}
