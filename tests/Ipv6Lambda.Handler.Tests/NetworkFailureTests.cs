using System.Net;
using System.Net.Sockets;
using Ipv6Lambda.Handler.Tests.Infrastructure;

namespace Ipv6Lambda.Handler.Tests;

/// <summary>Network failures come back as evidence, within the time the caller allowed, on the family asked for.</summary>
public class NetworkFailureTests
{
    private static readonly TimeSpan GenerousBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_refused_port_fails_fast_with_an_error() =>
        await RefusedPortScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task An_ipv4_probe_of_an_IPv6_only_host_fails_cleanly() =>
        await Ipv4OfIpv6OnlyScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task An_ipv6_probe_never_falls_back_to_IPv4() =>
        await NoIpv4FallbackScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_timeout_is_honoured_when_the_server_never_answers() =>
        await TimeoutScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    internal static async Task RefusedPortScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        var port = FreeIpv6LoopbackPort();

        var run = await handler.InvokeAsync(new { url = $"http://[::1]:{port}/", timeoutSeconds = 10 }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.Status.Should().BeNull("nothing answered on [::1]:{0}; got {1}", port, evidence);
        evidence.Error.Should().Contain("refused", "the error names the cause; got {0}", evidence);
        run.CallMs.Should().BeLessThan(GenerousBound.TotalMilliseconds,
            "a refused connection fails at once and must not wait for the 10 s timeout; got {0}", evidence);
    }

    internal static async Task Ipv4OfIpv6OnlyScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200);

        // This machine's /etc/hosts has no IPv6-only name, but an IPv6 literal is one for resolution purposes:
        // getaddrinfo("::1", ..., AF_INET) has no IPv4 answer, exactly like a name with only an AAAA record.
        var run = await handler.InvokeAsync(new { url = server.UrlFor("/"), family = "ipv4" }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.AddressFamily.Should().Be("IPv4", "the evidence reports the family that was asked for; got {0}", evidence);
        evidence.RemoteAddress.Should().BeNull("no IPv4 connection was possible; got {0}", evidence);
        server.ConnectionCount.Should().Be(0,
            "an ipv4 probe must not reach the IPv6-only server at {0}", server.UrlFor("/"));
    }

    internal static async Task NoIpv4FallbackScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var ipv4Only = LoopbackHttpServer.Start(_ => ServerReply.Status200, address: IPAddress.Loopback);
        var url = ipv4Only.UrlFor("/");

        var overIpv6 = await handler.InvokeAsync(new { url, family = "ipv6" }, cancellationToken);
        ProbeAssertions.Log(overIpv6);

        var failed = overIpv6.ShouldReturnFailure();
        failed.AddressFamily.Should().Be("IPv6");
        ipv4Only.ConnectionCount.Should().Be(0,
            "an ipv6 probe resolves AF_INET6 only and must never fall back to IPv4; the IPv4-only server at {0} " +
            "was contacted. Fix: pass the family to socket.getaddrinfo", url);

        // Control: the same server is reachable over IPv4, so the failure above is the family and nothing else.
        var overIpv4 = await handler.InvokeAsync(new { url, family = "ipv4" }, cancellationToken);
        ProbeAssertions.Log(overIpv4);
        var reached = overIpv4.ShouldReturnEvidence();
        reached.Ok.Should().BeTrue("the IPv4 control probe must reach {0}; got {1}", url, reached);
        reached.RemoteAddress.Should().Be("127.0.0.1");
        reached.AddressFamily.Should().Be("IPv4");
    }

    internal static async Task TimeoutScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Silent();

        var run = await handler.InvokeAsync(new { url = server.UrlFor("/"), timeoutSeconds = 1 }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.Error.Should().MatchRegex("(?i)time(d)? ?out",
            "a silent server is reported as a timeout; got {0}", evidence);
        evidence.RemoteAddress.Should().Be("::1", "the connection was made before the wait; got {0}", evidence);
        server.Requests.Should().ContainSingle("the probe sent its GET and then waited for the answer");
        run.CallMs.Should().BeGreaterThanOrEqualTo(900,
            "the probe must wait the full timeoutSeconds 1 before giving up; got {0}", evidence)
            .And.BeLessThan(GenerousBound.TotalMilliseconds,
            "timeoutSeconds 1 bounds the whole probe, so it returns in about 1 s; got {0}", evidence);
    }

    private static int FreeIpv6LoopbackPort()
    {
        // Bind then release an ephemeral port: nothing listens there afterwards, so a connect is refused at once.
        var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        listener.Dispose();
        return port;
    }
}
