using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ipv6Lambda.Clients.Tests;

/// <summary>One request as it arrived on the wire.</summary>
public sealed record WireCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : string.Empty;

    /// <summary>The form-decoded body of a Query protocol request.</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0].Replace('+', ' ')), kv => kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty);
}

/// <summary>A scripted answer; <see cref="Reset"/> drops the connection without a response.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, bool Reset = false)
{
    public static Reply Xml(string body, int status = 200) => new(status, body, new Dictionary<string, string> { ["Content-Type"] = "text/xml" });

    public static Reply Json(string body, int status = 200, IReadOnlyDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Content-Type"] = "application/json" };
        all.TryAdd("x-amzn-RequestId", "req-" + Guid.NewGuid().ToString("N")[..8]);
        return new(status, body, all);
    }

    public static Reply ConnectionReset { get; } = new(0, string.Empty, Reset: true);
}

/// <summary>
/// A minimal loopback HTTP/1.1 server for wire-level client tests, answering each request with a scripted reply. It
/// exists because the shared AwsDouble's operations were still stubs while these clients were written. It speaks raw
/// TCP so a scripted <see cref="Reply.ConnectionReset"/> really resets the socket (RST, no response bytes).
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<WireCall, int, Reply> _respond;
    private readonly ConcurrentQueue<WireCall> _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    private ScriptedServer(Func<WireCall, int, Reply> respond)
    {
        _respond = respond;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<WireCall> Calls => [.. _calls];

    /// <param name="respond">The reply for a call, given the call and its zero-based arrival index.</param>
    public static ScriptedServer Start(Func<WireCall, int, Reply> respond) => new(respond);

    /// <summary>Answers in order from <paramref name="replies"/>, repeating the last one.</summary>
    public static ScriptedServer Start(params Reply[] replies) => new((_, i) => replies[Math.Min(i, replies.Length - 1)]);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            while (await ReadRequestAsync(stream) is { } call)
            {
                var index = Interlocked.Increment(ref _count) - 1;
                _calls.Enqueue(call);
                var reply = _respond(call, index);
                if (reply.Reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                    return;
                }

                var body = Encoding.UTF8.GetBytes(reply.Body);
                var head = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {ReasonPhrase(reply.Status)}\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow:R}\r\n");
                foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                await stream.WriteAsync(body);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    private static async Task<WireCall?> ReadRequestAsync(NetworkStream stream)
    {
        var headerBytes = new List<byte>();
        var one = new byte[1];
        while (headerBytes.Count < 4 || !(headerBytes[^4] == '\r' && headerBytes[^3] == '\n' && headerBytes[^2] == '\r' && headerBytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            headerBytes.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. headerBytes]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return new WireCall(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
