using System.Reflection;
using System.Text.RegularExpressions;
using Amazon.EC2;
using Amazon.SecurityToken;
using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;
using Ipv6Lambda.Fixtures.Configuration;
using Ipv6Lambda.Fixtures.Deployment;

namespace Ipv6Lambda.Policy.Tests;

/// <summary>One call the suite makes as IAM sees it: the action and the resource it acts on ("*" where the action has no resource-level scope).</summary>
public sealed record SuiteCall(string Action, string Resource, string Origin)
{
    public override string ToString() => $"{Action} on {Resource} ({Origin})";
}

/// <summary>Derives the IAM actions the suite calls from its code and from the AWS double's request log.</summary>
public static partial class SuiteCalls
{
    public const string Region = "eu-west-1";
    public const string Account = "111122223333";

    // Lambda's REST paths: /2015-03-31/functions/{name or ARN}/configuration and …/invocations.
    private const string LambdaFunctionsPath = "/2015-03-31/functions/";

    // IAM's service authorization reference lists no resource type for these: a policy can only grant them on "*".
    private static readonly HashSet<string> UnscopedActions = new(StringComparer.OrdinalIgnoreCase)
    {
        "cloudformation:ValidateTemplate", "cloudformation:ListStacks", "sts:GetCallerIdentity",
    };

    /// <summary>The stack name the fixture generates with the default prefix, as the policy must expect it.</summary>
    public static string ExampleStackName { get; } = StackNames.Generate(SuiteSettings.DefaultStackPrefix, DateTimeOffset.UnixEpoch.AddYears(56));

    /// <summary>(a) The client code's operation lists, plus every EC2 and STS SDK method the fixture library's source calls.</summary>
    public static IReadOnlyList<string> FromClientCode()
    {
        var sdkCalls = new[] { ("ec2", typeof(IAmazonEC2)), ("sts", typeof(IAmazonSecurityTokenService)) }
            .SelectMany(s => SdkOperations(s.Item2).Where(FixtureSource().Contains).Select(op => $"{s.Item1}:{op}"));
        return [.. CloudFormationClient.Operations.Concat(LambdaClient.Operations).Concat(sdkCalls).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The IAM action for one recorded request: Lambda's Invoke is lambda:InvokeFunction; the rest keep their name.</summary>
    public static string ActionOf(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.Service, request.Operation) switch
        {
            ("lambda", "Invoke") => "lambda:InvokeFunction",
            ("lambda", var op) => $"lambda:{op}",
            (var service and ("cloudformation" or "ec2" or "sts"), var op) => $"{service}:{op}",
            var (service, op) => throw new InvalidOperationException(
                $"The suite called {service} {op}, which this test cannot map to an IAM action. Fix: add the mapping to SuiteCalls.ActionOf and the action to iam/ci-runner-policy.json."),
        };
    }

    /// <summary>(b) What a real run sent, as IAM actions on the real resource ARNs (stack and function names from the requests).</summary>
    public static IReadOnlyList<SuiteCall> FromRequestLog(IEnumerable<RecordedRequest> requests, string origin) =>
        [.. requests.Select(r => new SuiteCall(ActionOf(r), ResourceOf(r), origin)).Distinct()];

    /// <summary>The resource an action is evaluated on for the example stack of <see cref="ExampleStackName"/>.</summary>
    public static string ResourceFor(string action, string stackName)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (UnscopedActions.Contains(action) || action.StartsWith("ec2:", StringComparison.OrdinalIgnoreCase))
        {
            return "*";
        }

        return action.Split(':')[0] switch
        {
            "cloudformation" => StackArn(stackName),
            "lambda" => FunctionArn(Truncate($"{stackName}-ProbeFunction-A1B2C3D4E5F6", 64)),
            _ => throw new InvalidOperationException($"No resource is known for {action}. Fix: add its service to SuiteCalls.ResourceFor."),
        };
    }

    public static string StackArn(string stackName) =>
        $"arn:aws:cloudformation:{Region}:{Account}:stack/{stackName}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    public static string FunctionArn(string functionName) => $"arn:aws:lambda:{Region}:{Account}:function:{functionName}";

    private static string ResourceOf(RecordedRequest request)
    {
        var action = ActionOf(request);
        if (UnscopedActions.Contains(action) || request.Service is "ec2" or "sts")
        {
            return "*";
        }

        if (request.Service == "lambda")
        {
            var name = Uri.UnescapeDataString(request.PathAndQuery[LambdaFunctionsPath.Length..request.PathAndQuery.LastIndexOf('/')]);
            return name.StartsWith("arn:", StringComparison.Ordinal) ? name : FunctionArn(name);
        }

        // A CloudFormation call without StackName (a DescribeStacks of every stack) needs the action on "*".
        var stack = request.FormValue("StackName");
        return stack is null ? "*" : stack.StartsWith("arn:", StringComparison.Ordinal) ? stack : StackArn(stack);
    }

    private static IEnumerable<string> SdkOperations(Type client) =>
        client.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && m.GetParameters().FirstOrDefault()?.ParameterType.Name.EndsWith("Request", StringComparison.Ordinal) == true)
            .Select(m => m.Name[..^"Async".Length])
            .Distinct(StringComparer.Ordinal);

    private static readonly Lazy<HashSet<string>> FixtureCalls = new(() =>
    {
        var root = Path.Combine(RepoRoot.Find(), "fixtures");
        var calls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match match in AsyncCall().Matches(File.ReadAllText(file)))
            {
                calls.Add(match.Groups["op"].Value);
            }
        }

        return calls;
    });

    private static HashSet<string> FixtureSource() => FixtureCalls.Value;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex(@"\.(?<op>[A-Z][A-Za-z0-9]+)Async\(")]
    private static partial Regex AsyncCall();
}
