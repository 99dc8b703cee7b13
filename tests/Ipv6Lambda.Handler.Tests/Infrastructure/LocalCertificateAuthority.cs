using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ipv6Lambda.Handler.Tests.Infrastructure;

/// <summary>
/// A throwaway certificate authority and a server certificate for ::1 and localhost, made in-process so the https
/// tests prove real verification against a CA that the probe trusts only through SSL_CERT_FILE.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    private LocalCertificateAuthority(X509Certificate2 authority, X509Certificate2 server, string authorityPemPath)
    {
        Authority = authority;
        Server = server;
        AuthorityPemPath = authorityPemPath;
    }

    /// <summary>The self-signed CA certificate (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The leaf certificate with its private key, for SslStream.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A temp file holding the CA in PEM, to pass as SSL_CERT_FILE.</summary>
    public string AuthorityPemPath { get; }

    public static LocalCertificateAuthority Create()
    {
        // Clock skew between the generator and OpenSSL must not make a fresh certificate "not yet valid".
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddHours(1);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest(
            "CN=Ipv6Lambda test CA, O=Ipv6Lambda handler tests", authorityKey, HashAlgorithmName.SHA256);
        // Python 3.13 turns on VERIFY_X509_STRICT, which wants critical CA constraints and key identifiers.
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var authoritySki = new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false);
        authorityRequest.CertificateExtensions.Add(authoritySki);
        authorityRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authoritySki));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build(critical: false));
        serverRequest.CertificateExtensions.Add(
            new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, critical: false));
        serverRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        using var serverPublic = serverRequest.Create(
            authorityWithKey, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        var pemPath = Path.Combine(Path.GetTempPath(), $"ipv6lambda-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pemPath, authority.ExportCertificatePem() + "\n");
        return new LocalCertificateAuthority(authority, server, pemPath);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        File.Delete(AuthorityPemPath);
    }
}
