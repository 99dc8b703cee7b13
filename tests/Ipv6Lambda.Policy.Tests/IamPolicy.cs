using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ipv6Lambda.Policy.Tests;

/// <summary>Why a request was or was not allowed, with the statement that decided it.</summary>
public sealed record IamDecision(bool Allowed, string Reason)
{
    public override string ToString() => $"{(Allowed ? "allowed" : "denied")}: {Reason}";
}

/// <summary>One statement of an identity policy, in the subset <see cref="IamPolicy"/> evaluates.</summary>
public sealed record IamStatement(string Sid, bool Allow, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<IamCondition> Conditions);

/// <summary>One condition test: operator (StringEquals, StringLike), key, and the values any of which may match.</summary>
public sealed record IamCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>
/// A small, honest evaluator of IAM identity policies for what this repository's policy uses: Allow and Deny
/// statements, Action and Resource as a string or a list with * and ? wildcards (actions case-insensitive, resources
/// case-sensitive), and Condition with StringEquals / StringLike over a request context. Anything else (NotAction,
/// NotResource, Principal, other condition operators) is refused when the policy is read, so the evaluator never
/// silently ignores an element it does not understand. It does not model SCPs, permission boundaries, session
/// policies or resource policies: it answers "does this identity policy allow the call", nothing more.
/// </summary>
public sealed class IamPolicy
{
    private static readonly HashSet<string> SupportedOperators = new(StringComparer.Ordinal) { "StringEquals", "StringLike" };

    private IamPolicy(string version, IReadOnlyList<IamStatement> statements)
    {
        Version = version;
        Statements = statements;
    }

    public string Version { get; }

    public IReadOnlyList<IamStatement> Statements { get; }

    public IEnumerable<string> AllActions => Statements.SelectMany(s => s.Actions);

    public static IamPolicy Load(string path) => Parse(File.ReadAllText(path), path);

    public static IamPolicy Parse(string json, string source = "policy")
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var version = root.TryGetProperty("Version", out var v) ? v.GetString() ?? "" : "";
        if (!root.TryGetProperty("Statement", out var statementElement))
        {
            throw new NotSupportedException($"{source}: no Statement.");
        }

        var statements = (statementElement.ValueKind == JsonValueKind.Array ? statementElement.EnumerateArray().ToList() : [statementElement])
            .Select((s, i) => ParseStatement(s, $"{source} Statement[{i}]"))
            .ToList();
        return new IamPolicy(version, statements);
    }

    /// <summary>An explicit Deny wins; otherwise any matching Allow allows; otherwise the implicit deny.</summary>
    public IamDecision Evaluate(string action, string resource, IReadOnlyDictionary<string, string>? context = null)
    {
        context ??= new Dictionary<string, string>();
        var matching = Statements.Where(s => Matches(s, action, resource, context)).ToList();
        var deny = matching.FirstOrDefault(s => !s.Allow);
        if (deny is not null)
        {
            return new IamDecision(false, $"explicit Deny by statement '{deny.Sid}'");
        }

        var allow = matching.FirstOrDefault(s => s.Allow);
        return allow is not null
            ? new IamDecision(true, $"Allow by statement '{allow.Sid}'")
            : new IamDecision(false, $"no statement allows {action} on {resource}" + (context.Count == 0 ? "" : $" with {string.Join(", ", context.Select(c => $"{c.Key}={c.Value}"))}"));
    }

    /// <summary>Whether <paramref name="value"/> matches an IAM pattern with * (any run) and ? (one character).</summary>
    public static bool WildcardMatch(string pattern, string value, bool ignoreCase)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static bool Matches(IamStatement statement, string action, string resource, IReadOnlyDictionary<string, string> context) =>
        statement.Actions.Any(a => WildcardMatch(a, action, ignoreCase: true))
        && statement.Resources.Any(r => WildcardMatch(r, resource, ignoreCase: false))
        && statement.Conditions.All(c => context.TryGetValue(c.Key, out var actual) && c.Values.Any(expected => c.Operator switch
        {
            "StringEquals" => string.Equals(expected, actual, StringComparison.Ordinal),
            "StringLike" => WildcardMatch(expected, actual, ignoreCase: false),
            _ => false,
        }));

    private static IamStatement ParseStatement(JsonElement element, string where)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("Sid" or "Effect" or "Action" or "Resource" or "Condition"))
            {
                throw new NotSupportedException($"{where}: '{property.Name}' is outside the subset this evaluator understands (Sid, Effect, Action, Resource, Condition).");
            }
        }

        var sid = element.TryGetProperty("Sid", out var s) ? s.GetString() ?? "" : "";
        var effect = element.TryGetProperty("Effect", out var e) ? e.GetString() : null;
        if (effect is not ("Allow" or "Deny"))
        {
            throw new NotSupportedException($"{where} ('{sid}'): Effect must be Allow or Deny, not '{effect}'.");
        }

        var conditions = new List<IamCondition>();
        if (element.TryGetProperty("Condition", out var condition))
        {
            foreach (var op in condition.EnumerateObject())
            {
                if (!SupportedOperators.Contains(op.Name))
                {
                    throw new NotSupportedException($"{where} ('{sid}'): condition operator '{op.Name}' is not supported (only {string.Join(", ", SupportedOperators)}).");
                }

                conditions.AddRange(op.Value.EnumerateObject().Select(key => new IamCondition(op.Name, key.Name, Strings(key.Value, $"{where} Condition.{op.Name}.{key.Name}"))));
            }
        }

        return new IamStatement(
            sid,
            effect == "Allow",
            Strings(Required(element, "Action", where), where + " Action"),
            Strings(Required(element, "Resource", where), where + " Resource"),
            conditions);
    }

    private static JsonElement Required(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) ? value : throw new NotSupportedException($"{where}: no {name}.");

    private static List<string> Strings(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => [.. element.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new NotSupportedException($"{where}: every entry must be a string."))],
        _ => throw new NotSupportedException($"{where}: must be a string or a list of strings."),
    };
}
