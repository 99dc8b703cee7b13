using Ipv6Lambda.Handler.Tests.Infrastructure;

namespace Ipv6Lambda.Handler.Tests;

/// <summary>https probes verify the server certificate with the default context; SSL_CERT_FILE supplies trust.</summary>
public class HttpsTests
{
    [Fact]
    public async Task Https_succeeds_against_a_local_CA_trusted_through_SSL_CERT_FILE() =>
        await TrustedScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Https_fails_certificate_verification_without_the_local_CA() =>
        await UntrustedScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_stalled_TLS_handshake_is_bounded_by_the_timeout() =>
        await SilentTlsScenario(PythonHandler.FromTemplate, TestContext.Current.CancellationToken);

    internal static async Task TrustedScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        using var authority = LocalCertificateAuthority.Create();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200, authority.Server);
        var url = server.UrlFor("/secure");

        var run = await handler.InvokeAsync(
            new { url }, cancellationToken,
            new Dictionary<string, string?> { ["SSL_CERT_FILE"] = authority.AuthorityPemPath });
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnEvidence();
        evidence.Ok.Should().BeTrue(
            "the server's certificate (SAN IP ::1) is signed by the CA in SSL_CERT_FILE; got {0}. TLS failures on " +
            "the server: {1}", evidence, string.Join("; ", server.TlsFailures.Select(e => e.Message)));
        evidence.Status.Should().Be(200);
        evidence.RemoteAddress.Should().Be("::1");
        evidence.AddressFamily.Should().Be("IPv6");
        server.Requests.Should().ContainSingle().Which.RequestLine.Should().Be("GET /secure HTTP/1.1",
            "the GET travelled inside the TLS session");
    }

    internal static async Task UntrustedScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        using var authority = LocalCertificateAuthority.Create();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200, authority.Server);

        // Same server, same certificate; only the trust is missing. Success here would mean verification is off.
        var run = await handler.InvokeAsync(new { url = server.UrlFor("/secure") }, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.Error.Should().Contain("CERTIFICATE_VERIFY_FAILED",
            "without the local CA the default context must reject the certificate; got {0}. Fix: keep " +
            "ssl.create_default_context() and never disable verification", evidence);
        evidence.Status.Should().BeNull();
        evidence.RemoteAddress.Should().Be("::1",
            "the IPv6 connection itself worked and the evidence keeps the peer it reached; got {0}", evidence);
        server.Requests.Should().BeEmpty("no HTTP request may be sent over an unverified connection");
    }

    internal static async Task SilentTlsScenario(PythonHandler handler, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        using var authority = LocalCertificateAuthority.Create();
        // A plain server that never answers the TLS ClientHello: the deadline must cover the handshake too.
        await using var server = LoopbackHttpServer.Silent();
        var url = server.UrlFor("/").Replace("http://", "https://", StringComparison.Ordinal);

        var run = await handler.InvokeAsync(
            new { url, timeoutSeconds = 1 }, cancellationToken,
            new Dictionary<string, string?> { ["SSL_CERT_FILE"] = authority.AuthorityPemPath });
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.Error.Should().MatchRegex("(?i)time(d)? ?out", "a stalled handshake is a timeout; got {0}", evidence);
        run.CallMs.Should().BeInRange(900, 5000,
            "timeoutSeconds 1 bounds the TLS handshake as well; got {0}", evidence);
    }
}
