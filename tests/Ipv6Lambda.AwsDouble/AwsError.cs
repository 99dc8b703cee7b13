namespace Ipv6Lambda.AwsDouble;

/// <summary>An AWS error answer; the server renders it in the protocol of the service that was called.</summary>
internal sealed class AwsErrorException(int statusCode, string code, string message, string type = "Sender") : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public string Type { get; } = type;

    public static AwsErrorException Validation(string message) => new(400, "ValidationError", message);
}

/// <summary>A rendered answer.</summary>
internal sealed record DoubleResponse(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static DoubleResponse Xml(string body) => new(200, "text/xml", body);
}
