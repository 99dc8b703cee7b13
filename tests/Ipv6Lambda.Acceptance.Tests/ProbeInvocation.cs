using System.Text;
using System.Text.Json;
using Ipv6Lambda.Fixtures.Aws.Lambda;

namespace Ipv6Lambda.Acceptance.Tests;

/// <summary>One probe invocation: the function's answer, decoded, with the evidence a failure message needs.</summary>
public sealed record ProbeInvocation(string FunctionName, InvokeResponse Response, string Payload, string LogTail)
{
    public static async Task<ProbeInvocation> InvokeAsync(ILambdaClient lambda, string functionName, object request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var response = await lambda.InvokeAsync(
            new InvokeRequest
            {
                FunctionName = functionName,
                LogType = LogType.Tail,
                Payload = JsonSerializer.Serialize(request),
            },
            cancellationToken);
        var payload = Encoding.UTF8.GetString(response.Payload.ToArray());
        var log = "";
        if (!string.IsNullOrEmpty(response.LogResult))
        {
            try
            {
                log = Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult));
            }
            catch (FormatException)
            {
                log = $"(X-Amz-Log-Result is not base64: {response.LogResult})";
            }
        }

        return new ProbeInvocation(functionName, response, payload, log);
    }

    public bool? Ok => Read("ok") is { ValueKind: JsonValueKind.True or JsonValueKind.False } ok ? ok.GetBoolean() : null;

    public int? Status => Read("status") is { ValueKind: JsonValueKind.Number } s && s.TryGetInt32(out var v) ? v : null;

    public string? AddressFamily => Read("addressFamily") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    public string? RemoteAddress => Read("remoteAddress") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    public string? Error => Read("error") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    public string? Url => Read("url") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    /// <summary>Everything a failure message should carry: the function, the raw payload and the decoded log tail.</summary>
    public string Evidence =>
        $"function {FunctionName} (HTTP {Response.StatusCode}, FunctionError {Response.FunctionError ?? "none"}, request {Response.ResponseRequestId})" +
        $"{Environment.NewLine}payload: {Payload}{Environment.NewLine}log tail:{Environment.NewLine}{(LogTail.Length == 0 ? "(none)" : LogTail.TrimEnd())}";

    private JsonElement? Read(string property)
    {
        try
        {
            using var document = JsonDocument.Parse(Payload);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value)
                ? value.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
