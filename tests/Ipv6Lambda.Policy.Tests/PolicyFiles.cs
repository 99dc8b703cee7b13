using Ipv6Lambda.Fixtures;

namespace Ipv6Lambda.Policy.Tests;

internal static class PolicyFiles
{
    public static string RunnerPolicyPath => Path.Combine(RepoRoot.Find(), "iam", "ci-runner-policy.json");

    public static string TrustPolicyPath => Path.Combine(RepoRoot.Find(), "iam", "github-oidc-trust.json");

    public static IamPolicy RunnerPolicy() => IamPolicy.Load(RunnerPolicyPath);

    /// <summary>Context for iam:PassRole as CloudFormation sends it when it creates the function.</summary>
    public static IReadOnlyDictionary<string, string> ContextFor(string action) =>
        string.Equals(action, "iam:PassRole", StringComparison.OrdinalIgnoreCase)
            ? new Dictionary<string, string> { ["iam:PassedToService"] = "lambda.amazonaws.com" }
            : new Dictionary<string, string>();

    public static string Explain(IEnumerable<(SuiteCall Call, IamDecision Decision)> denied) =>
        string.Join(Environment.NewLine, denied.Select(d => $"  {d.Call}: {d.Decision}")) +
        $"{Environment.NewLine}Fix: add the action (scoped to the suite's ipv6lambda-* resources where IAM allows it) to {RunnerPolicyPath}.";
}
