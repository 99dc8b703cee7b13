using System.Text.Json;

namespace Ipv6Lambda.Policy.Tests;

public sealed class PolicyDocumentTests
{
    [Theory]
    [InlineData("ci-runner-policy.json")]
    [InlineData("github-oidc-trust.json")]
    public void The_IAM_document_parses_and_has_Version_2012_10_17(string file)
    {
        var path = Path.Combine(Path.GetDirectoryName(PolicyFiles.RunnerPolicyPath)!, file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        document.RootElement.GetProperty("Version").GetString().Should().Be("2012-10-17",
            "{0} must use the current policy language version (2012-10-17); the old 2008-10-17 has no policy variables", path);
    }

    [Fact]
    public void The_runner_policy_only_allows_and_every_statement_says_why_in_its_Sid()
    {
        var policy = PolicyFiles.RunnerPolicy();
        policy.Statements.Should().OnlyContain(s => s.Allow, "the runner policy grants; a Deny belongs in an SCP or boundary");
        policy.Statements.Select(s => s.Sid).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
    }

    [Fact]
    public void The_runner_policy_grants_no_service_wide_or_account_wide_wildcard_action()
    {
        var wide = PolicyFiles.RunnerPolicy().Statements
            .SelectMany(s => s.Actions.Select(a => (s.Sid, Action: a)))
            .Where(x => x.Action == "*" || x.Action.EndsWith(":*", StringComparison.Ordinal) || (x.Action.Contains('*', StringComparison.Ordinal) && !x.Action.StartsWith("ec2:Describe", StringComparison.Ordinal)))
            .ToList();
        wide.Should().BeEmpty("least privilege allows only the read-only ec2:Describe* wildcard (EC2 describes have no resource scope); found {0} in {1}",
            string.Join(", ", wide), PolicyFiles.RunnerPolicyPath);
    }

    [Fact]
    public void Every_scoped_resource_in_the_runner_policy_names_the_suites_ipv6lambda_prefix()
    {
        var resources = PolicyFiles.RunnerPolicy().Statements.SelectMany(s => s.Resources.Select(r => (s.Sid, Resource: r))).Where(x => x.Resource != "*").ToList();
        resources.Should().NotBeEmpty();
        resources.Where(x => !x.Resource.Contains("ipv6lambda-*", StringComparison.Ordinal)).Should().BeEmpty(
            "every resource-scoped statement is limited to the suite's own stacks, functions, roles and log groups");
    }

    [Fact]
    public void The_runner_policy_names_ec2_DescribeNetworkInterfaces_explicitly()
    {
        // Covered by ec2:Describe* today; listed on its own so that narrowing the describes cannot drop it: without it,
        // CloudFormation does not wait for Lambda's ENIs on delete and the subnet deletes fail.
        PolicyFiles.RunnerPolicy().AllActions.Should().Contain("ec2:DescribeNetworkInterfaces");
    }

    [Fact]
    public void PassRole_is_limited_to_the_suites_roles_and_to_Lambda()
    {
        var policy = PolicyFiles.RunnerPolicy();
        const string role = "arn:aws:iam::111122223333:role/ipv6lambda-20260101000000-abc123-FunctionRole-XYZ";
        policy.Evaluate("iam:PassRole", role, PolicyFiles.ContextFor("iam:PassRole")).Allowed.Should().BeTrue();
        policy.Evaluate("iam:PassRole", role, new Dictionary<string, string> { ["iam:PassedToService"] = "ec2.amazonaws.com" }).Allowed
            .Should().BeFalse("the suite's roles are passed only to Lambda");
        policy.Evaluate("iam:PassRole", "arn:aws:iam::111122223333:role/Admin", PolicyFiles.ContextFor("iam:PassRole")).Allowed
            .Should().BeFalse("no role outside the suite's stacks may be passed");
    }

    [Fact]
    public void The_trust_policy_admits_only_GitHub_OIDC_tokens_for_sts_with_a_marked_repository_placeholder()
    {
        var text = File.ReadAllText(PolicyFiles.TrustPolicyPath);
        using var document = JsonDocument.Parse(text);
        var statement = document.RootElement.GetProperty("Statement").EnumerateArray().Should().ContainSingle().Subject;
        statement.GetProperty("Action").GetString().Should().Be("sts:AssumeRoleWithWebIdentity");
        statement.GetProperty("Principal").GetProperty("Federated").GetString().Should().EndWith(":oidc-provider/token.actions.githubusercontent.com");
        var equals = statement.GetProperty("Condition").GetProperty("StringEquals");
        equals.GetProperty("token.actions.githubusercontent.com:aud").GetString().Should().Be("sts.amazonaws.com");
        equals.GetProperty("token.actions.githubusercontent.com:sub").GetString().Should().Be("repo:OWNER/REPO:ref:refs/heads/main",
            "the example pins one repository's main branch, with OWNER/REPO as the placeholder to replace");
        text.Should().Contain("ACCOUNT_ID", "the account id is a marked placeholder, not a real account");
    }
}
