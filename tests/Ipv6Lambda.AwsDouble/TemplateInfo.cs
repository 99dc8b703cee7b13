using System.Text.Json;

namespace Ipv6Lambda.AwsDouble;

/// <summary>
/// What ValidateTemplate and CreateStack need from a template body: its description, parameters and whether it
/// declares IAM resources. A line scanner for YAML (the double has no YAML package) and System.Text.Json for JSON.
/// </summary>
internal sealed record TemplateInfo(string? Description, IReadOnlyList<TemplateInfo.Parameter> Parameters, bool RequiresIam)
{
    public sealed record Parameter(string Key, string? Default, string? Description, bool NoEcho);

    public static TemplateInfo Parse(string body)
    {
        var requiresIam = body.Contains("AWS::IAM::", StringComparison.Ordinal);
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return ParseJson(trimmed, requiresIam);
        }

        if (!HasTopLevelKey(body, "Resources"))
        {
            throw AwsErrorException.Validation("Template format error: At least one Resources member must be defined.");
        }

        return new TemplateInfo(ScalarAt(body, "Description", 0), ParseYamlParameters(body), requiresIam);
    }

    private static TemplateInfo ParseJson(string body, bool requiresIam)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            throw AwsErrorException.Validation($"Template format error: JSON not well-formed. ({error.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("Resources", out _))
            {
                throw AwsErrorException.Validation("Template format error: At least one Resources member must be defined.");
            }

            var parameters = new List<Parameter>();
            if (root.TryGetProperty("Parameters", out var section) && section.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in section.EnumerateObject())
                {
                    var value = property.Value;
                    parameters.Add(new Parameter(
                        property.Name,
                        value.TryGetProperty("Default", out var d) ? d.ToString() : null,
                        value.TryGetProperty("Description", out var desc) ? desc.GetString() : null,
                        value.TryGetProperty("NoEcho", out var noEcho) && noEcho.ToString().Equals("true", StringComparison.OrdinalIgnoreCase)));
                }
            }

            var description = root.TryGetProperty("Description", out var text) ? text.GetString() : null;
            return new TemplateInfo(description, parameters, requiresIam);
        }
    }

    private static bool HasTopLevelKey(string body, string key) =>
        Lines(body).Any(l => l.StartsWith(key + ":", StringComparison.Ordinal));

    private static List<Parameter> ParseYamlParameters(string body)
    {
        var lines = Lines(body);
        var start = lines.FindIndex(l => l.StartsWith("Parameters:", StringComparison.Ordinal));
        var result = new List<Parameter>();
        if (start < 0)
        {
            return result;
        }

        var end = lines.FindIndex(start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && !l.StartsWith('#'));
        var section = lines.GetRange(start + 1, (end < 0 ? lines.Count : end) - start - 1);
        for (var i = 0; i < section.Count; i++)
        {
            var line = section[i];
            if (Indent(line) != 2 || !line.TrimEnd().EndsWith(':'))
            {
                continue;
            }

            var next = section.FindIndex(i + 1, l => l.Trim().Length > 0 && Indent(l) <= 2);
            var block = string.Join('\n', section.GetRange(i + 1, (next < 0 ? section.Count : next) - i - 1));
            var noEcho = ScalarAt(block, "NoEcho", 4);
            result.Add(new Parameter(line.Trim().TrimEnd(':'), ScalarAt(block, "Default", 4), ScalarAt(block, "Description", 4),
                string.Equals(noEcho, "true", StringComparison.OrdinalIgnoreCase)));
        }

        return result;
    }

    /// <summary>A scalar "key: value" at the given indent, folding "&gt;-" / "|" blocks into one line.</summary>
    private static string? ScalarAt(string text, string key, int indent)
    {
        var lines = Lines(text);
        var prefix = new string(' ', indent) + key + ":";
        var at = lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (at < 0)
        {
            return null;
        }

        var value = lines[at][prefix.Length..].Trim();
        if (value is ">-" or ">" or "|" or "|-")
        {
            var folded = lines.Skip(at + 1).TakeWhile(l => l.Trim().Length == 0 || Indent(l) > indent).Select(l => l.Trim());
            return string.Join(' ', folded).Trim();
        }

        return value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0] ? value[1..^1] : value;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static List<string> Lines(string text) => [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')];
}
