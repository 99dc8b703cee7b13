using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ipv6Lambda.Handler.Tests.Infrastructure;

/// <summary>What the server sends back; a null reply means accept the request and never answer.</summary>
public sealed record ServerReply(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body = "")
{
    public static ServerReply Status200 => new(200, "OK", [], "hello over IPv6\n");
}

/// <summary>One request head as the server read it off the wire.</summary>
public sealed record ReceivedRequest(string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Headers, string Raw)
{
    public string Method => RequestLine.Split(' ')[0];

    public string Target => RequestLine.Split(' ') is { Length: > 1 } parts ? parts[1] : string.Empty;

    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
}

/// <summary>
/// A minimal HTTP/1.1 server on an ephemeral loopback port (IPv6 ::1 by default), optionally behind TLS, that
/// records every connection and request so tests can prove what the probe did on the wire.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly Func<ReceivedRequest, ServerReply?> _respond;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<Exception> _tlsFailures = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _connectionCount;

    private LoopbackHttpServer(IPAddress address, Func<ReceivedRequest, ServerReply?> respond, X509Certificate2? certificate)
    {
        _respond = respond;
        _certificate = certificate;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public IPAddress Address => ((IPEndPoint)_listener.LocalEndpoint).Address;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Scheme => _certificate is null ? "http" : "https";

    /// <summary>The literal authority of this server, e.g. [::1]:41234.</summary>
    public string Authority =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public IReadOnlyList<Exception> TlsFailures => [.. _tlsFailures];

    public static LoopbackHttpServer Start(
        Func<ReceivedRequest, ServerReply?> respond, X509Certificate2? certificate = null, IPAddress? address = null) =>
        new(address ?? IPAddress.IPv6Loopback, respond, certificate);

    /// <summary>Answers every request with the same status.</summary>
    public static LoopbackHttpServer Answering(int status, string reason, params KeyValuePair<string, string>[] headers) =>
        Start(_ => new ServerReply(status, reason, headers, $"{status} {reason}\n"));

    /// <summary>Accepts connections and reads the request, then never answers: the probe must time out.</summary>
    public static LoopbackHttpServer Silent() => Start(_ => null);

    public string UrlFor(string pathAndQuery = "/") => $"{Scheme}://{Authority}{pathAndQuery}";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll([_acceptLoop, .. _connections]);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Connections end with socket or cancellation errors once the server stops; there is nothing to report.
        }

        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            if (_certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                try
                {
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stopping.Token);
                }
                catch (Exception error) when (error is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // The client refusing our certificate is an outcome the tests inspect, not a server fault.
                    _tlsFailures.Enqueue(error);
                    await tls.DisposeAsync();
                    return;
                }

                stream = tls;
            }

            var request = await ReadHeadAsync(stream, _stopping.Token);
            if (request is null)
            {
                return;
            }

            _requests.Enqueue(request);
            var reply = _respond(request);
            if (reply is null)
            {
                // Hold the connection open, unanswered, until the server is disposed.
                await Task.Delay(Timeout.InfiniteTimeSpan, _stopping.Token);
                return;
            }

            await stream.WriteAsync(Encode(reply), _stopping.Token);
            await stream.FlushAsync(_stopping.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or SocketException)
        {
            // The probe closing early or the server stopping ends the exchange; what was recorded stands.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static async Task<ReceivedRequest?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        if (length == 0)
        {
            return null;
        }

        var raw = Encoding.Latin1.GetString(buffer, 0, length);
        var head = raw.Split("\r\n\r\n", 2)[0].Split("\r\n");
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0], parts.Length > 1 ? parts[1].Trim() : string.Empty))
            .ToList();
        return new ReceivedRequest(head[0], headers, raw);
    }

    private static byte[] Encode(ServerReply reply)
    {
        var body = Encoding.UTF8.GetBytes(reply.Body);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(reply.Status).Append(' ').Append(reply.Reason).Append("\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in reply.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }
}
