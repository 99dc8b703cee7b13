namespace Ipv6Lambda.AwsDouble;

internal sealed class LambdaApi(FakeCloud cloud)
{
    public const string PathPrefix = "/2015-03-31/functions/";

    public static string OperationOf(string method, string path) =>
        (method, path) switch
        {
            ("GET", _) when path.StartsWith(PathPrefix, StringComparison.Ordinal) && path.EndsWith("/configuration", StringComparison.Ordinal) => "GetFunctionConfiguration",
            ("POST", _) when path.StartsWith(PathPrefix, StringComparison.Ordinal) && path.EndsWith("/invocations", StringComparison.Ordinal) => "Invoke",
            _ => "Unknown",
        };

    public DoubleResponse Handle(string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        _ = cloud;
        _ = headers;
        _ = body;
        throw new AwsErrorException(404, "UnknownOperationException", $"Unknown operation {method} {path}");
    }
}
