using System.Collections.Concurrent;
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
/// A minimal loopback HTTP server for wire-level client tests, answering each request with a scripted reply. It exists
/// because the shared AwsDouble's operations were still stubs while these clients were written; it records every
/// request so tests can count attempts and read headers.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<WireCall, int, Reply> _respond;
    private readonly ConcurrentQueue<WireCall> _calls = new();
    private readonly Task _loop;
    private int _count;

    private ScriptedServer(Func<WireCall, int, Reply> respond)
    {
        _respond = respond;
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
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
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys
            .Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var call = new WireCall(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body);
        var index = Interlocked.Increment(ref _count) - 1;
        _calls.Enqueue(call);
        var reply = _respond(call, index);
        if (reply.Reset)
        {
            context.Response.Abort();
            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.ContentType = value;
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(reply.Body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
