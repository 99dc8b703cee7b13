using System.Text.Json;

namespace Ipv6Lambda.Handler.Tests.Infrastructure;

/// <summary>One run of the handler in a python3 subprocess: what it returned, printed and how long the call took.</summary>
public sealed record ProbeRun(
    string EventJson,
    int ExitCode,
    string Stdout,
    string Stderr,
    JsonElement? Result,
    double? CallMs,
    IReadOnlyList<string> LogLines,
    TimeSpan WallTime)
{
    /// <summary>The handler's return value; fails with the process output when the handler raised or returned nothing.</summary>
    public ProbeEvidence Evidence =>
        Result is { } result
            ? new ProbeEvidence(result)
            : throw new InvalidOperationException(
                $"The handler returned no result for event {EventJson} (exit code {ExitCode}); a probe must return " +
                $"its failure as evidence, never raise. Fix the handler.{Environment.NewLine}{Describe()}");

    /// <summary>Everything a failure message needs to show what the handler did.</summary>
    public string Describe() =>
        $"event: {EventJson}{Environment.NewLine}" +
        $"exit code: {ExitCode}, call: {CallMs?.ToString("0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ms, " +
        $"wall: {WallTime.TotalMilliseconds:0} ms{Environment.NewLine}" +
        $"stdout:{Environment.NewLine}{Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}";
}

/// <summary>The evidence dict a probe returns, read without coercion so the tests can check its exact shape.</summary>
public sealed class ProbeEvidence(JsonElement raw)
{
    public static readonly IReadOnlyList<string> ContractKeys =
        ["ok", "url", "status", "remoteAddress", "addressFamily", "elapsedMs", "error"];

    public JsonElement Raw { get; } = raw;

    public IReadOnlyList<string> Keys =>
        Raw.ValueKind == JsonValueKind.Object ? [.. Raw.EnumerateObject().Select(p => p.Name)] : [];

    public JsonValueKind KindOf(string key) =>
        Raw.ValueKind == JsonValueKind.Object && Raw.TryGetProperty(key, out var value)
            ? value.ValueKind
            : JsonValueKind.Undefined;

    /// <summary>True or false only when "ok" is a JSON boolean; a truthy string or number is not evidence.</summary>
    public bool? Ok => KindOf("ok") switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public string? Url => StringOrNull("url");

    public int? Status => KindOf("status") == JsonValueKind.Number && Raw.GetProperty("status").TryGetInt32(out var s) ? s : null;

    public string? RemoteAddress => StringOrNull("remoteAddress");

    public string? AddressFamily => StringOrNull("addressFamily");

    public long? ElapsedMs =>
        KindOf("elapsedMs") == JsonValueKind.Number && Raw.GetProperty("elapsedMs").TryGetInt64(out var ms) ? ms : null;

    public string? Error => StringOrNull("error");

    public override string ToString() => Raw.GetRawText();

    private string? StringOrNull(string key) =>
        KindOf(key) == JsonValueKind.String ? Raw.GetProperty(key).GetString() : null;
}
