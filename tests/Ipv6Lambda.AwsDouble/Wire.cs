using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace Ipv6Lambda.AwsDouble;

/// <summary>The protocol shapes: Query XML for CloudFormation/STS, EC2 XML, REST-JSON for Lambda.</summary>
internal static class Wire
{
    public static readonly XNamespace CloudFormation = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    public static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    public static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public static string NewRequestId() => Guid.NewGuid().ToString();

    /// <summary>&lt;{Op}Response&gt;&lt;{Op}Result&gt;…&lt;/{Op}Result&gt;&lt;ResponseMetadata&gt;… for CloudFormation and STS.</summary>
    public static DoubleResponse QueryResult(XNamespace ns, string operation, params object?[] resultContent)
    {
        var root = new XElement(ns + $"{operation}Response");
        if (resultContent.Length > 0)
        {
            root.Add(new XElement(ns + $"{operation}Result", resultContent));
        }

        root.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", NewRequestId())));
        return DoubleResponse.Xml(Render(root));
    }

    /// <summary>&lt;{Op}Response xmlns=ec2&gt;&lt;requestId&gt;…</summary>
    public static DoubleResponse Ec2Result(string operation, params object?[] content) =>
        DoubleResponse.Xml(Render(new XElement(Ec2 + $"{operation}Response", new XElement(Ec2 + "requestId", NewRequestId()), content)));

    public static DoubleResponse Error(string service, AwsErrorException error)
    {
        var requestId = NewRequestId();
        switch (service)
        {
            case "ec2":
                return new DoubleResponse(error.StatusCode, "text/xml", Render(new XElement("Response",
                    new XElement("Errors", new XElement("Error",
                        new XElement("Code", error.Code),
                        new XElement("Message", error.Message))),
                    new XElement("RequestID", requestId))));
            case "lambda":
                var json = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["Type"] = error.Type == "Sender" ? "User" : error.Type,
                    ["message"] = error.Message,
                });
                return new DoubleResponse(error.StatusCode, "application/json", json, new Dictionary<string, string>
                {
                    ["x-amzn-ErrorType"] = error.Code,
                    ["x-amzn-RequestId"] = requestId,
                });
            default:
                XNamespace ns = service == "sts" ? Sts : CloudFormation;
                return new DoubleResponse(error.StatusCode, "text/xml", Render(new XElement(ns + "ErrorResponse",
                    new XElement(ns + "Error",
                        new XElement(ns + "Type", error.Type),
                        new XElement(ns + "Code", error.Code),
                        new XElement(ns + "Message", error.Message)),
                    new XElement(ns + "RequestId", requestId))));
        }
    }

    /// <summary>CloudFormation's list shape: &lt;Name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/Name&gt;.</summary>
    public static XElement Members(XNamespace ns, string name, IEnumerable<object?> members) =>
        new(ns + name, members.Select(m => new XElement(ns + "member", m)));

    /// <summary>EC2's list shape: &lt;name&gt;&lt;item&gt;…&lt;/item&gt;&lt;/name&gt;.</summary>
    public static XElement Items(string name, IEnumerable<object?> items) =>
        new(Ec2 + name, items.Select(i => new XElement(Ec2 + "item", i)));

    /// <summary>An element only when the value is present.</summary>
    public static XElement? Optional(XNamespace ns, string name, object? value) =>
        value is null ? null : new XElement(ns + name, value);

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    private static string Render(XElement root) => new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + "\n" + root;
}
