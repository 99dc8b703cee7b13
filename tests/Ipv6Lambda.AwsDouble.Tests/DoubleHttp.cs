using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Ipv6Lambda.AwsDouble.Tests;

/// <summary>Raw HTTP to the double, with a syntactically valid SigV4 header whose scope names the service.</summary>
internal sealed class DoubleHttp(AwsDoubleServer server) : IDisposable
{
    public static readonly XNamespace Cfn = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private readonly HttpClient _http = new() { BaseAddress = server.Endpoint };

    public static string Authorization(string service) =>
        $"AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=x";

    public async Task<(HttpStatusCode Status, XElement Body)> CloudFormationAsync(string action, params (string Key, string Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2010-05-15") };
        form.AddRange(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("cloudformation"));
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, XElement.Parse(text));
    }

    public async Task<HttpResponseMessage> LambdaAsync(HttpMethod method, string path, string? body = null, params (string Key, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation("Authorization", Authorization("lambda"));
        foreach (var (key, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> InvokeAsync(string function, string payload, bool tail = false) =>
        LambdaAsync(HttpMethod.Post, $"/2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations", payload,
            tail ? [("X-Amz-Log-Type", "Tail")] : []);

    public Task<HttpResponseMessage> GetConfigurationAsync(string function) =>
        LambdaAsync(HttpMethod.Get, $"/2015-03-31/functions/{Uri.EscapeDataString(function)}/configuration");

    public AmazonEC2Client Ec2(int maxErrorRetry = 0) =>
        new(new BasicAWSCredentials("AKID", "SECRET"), new AmazonEC2Config
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = maxErrorRetry,
        });

    public AmazonSecurityTokenServiceClient Sts() =>
        new(new BasicAWSCredentials("AKID", "SECRET"), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    public void Dispose() => _http.Dispose();
}

internal static class Xml
{
    public static string? Value(this XElement element, string path)
    {
        XElement? current = element;
        foreach (var name in path.Split('/'))
        {
            current = current?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        }

        return current?.Value;
    }

    public static IReadOnlyList<XElement> Members(this XElement element, string path)
    {
        XElement? current = element;
        foreach (var name in path.Split('/'))
        {
            current = current?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        }

        return current is null ? [] : [.. current.Elements().Where(e => e.Name.LocalName == "member")];
    }
}
