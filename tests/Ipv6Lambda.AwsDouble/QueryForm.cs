using System.Web;

namespace Ipv6Lambda.AwsDouble;

/// <summary>Reads AWS Query-protocol form bodies: flat keys plus the ".member.N" / ".N" list conventions.</summary>
internal static class QueryForm
{
    public static Dictionary<string, string> Parse(string? body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(body))
        {
            return result;
        }

        var parsed = HttpUtility.ParseQueryString(body);
        foreach (var key in parsed.AllKeys)
        {
            if (key is not null)
            {
                result[key] = parsed[key] ?? "";
            }
        }

        return result;
    }

    /// <summary>Values of prefix.1, prefix.2, … in index order (e.g. "Capabilities.member", "SubnetId").</summary>
    public static List<string> List(IReadOnlyDictionary<string, string> form, string prefix)
    {
        var values = new List<string>();
        for (var i = 1; form.TryGetValue($"{prefix}.{i}", out var value); i++)
        {
            values.Add(value);
        }

        return values;
    }

    /// <summary>Structures prefix.1.field, prefix.2.field, … as dictionaries of their fields.</summary>
    public static List<Dictionary<string, string>> Structs(IReadOnlyDictionary<string, string> form, string prefix)
    {
        var result = new List<Dictionary<string, string>>();
        for (var i = 1; ; i++)
        {
            var head = $"{prefix}.{i}.";
            var fields = form.Where(kv => kv.Key.StartsWith(head, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[head.Length..], kv => kv.Value, StringComparer.Ordinal);
            if (fields.Count == 0)
            {
                return result;
            }

            result.Add(fields);
        }
    }
}
