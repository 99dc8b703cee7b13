using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.EndToEnd.Tests;
using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Templates;

namespace Ipv6Lambda.Policy.Tests;

/// <summary>
/// iam/ci-runner-policy.json allows every AWS call the suite makes: the suite's own calls (from its client code and
/// from the request log of real runs against the AWS double) and the calls CloudFormation makes with the caller's
/// credentials for each resource type in template.yaml. A new call or resource type without a policy change fails here.
/// </summary>
public sealed class PolicyCoverageTests
{
    // What CloudFormation calls, with the caller's credentials, to create and delete each resource type (from each
    // type's resource-provider handler permissions). A new type in template.yaml fails the test until it is listed.
    private static readonly Dictionary<string, string[]> CloudFormationActionsByType = new(StringComparer.Ordinal)
    {
        ["AWS::EC2::VPC"] = ["ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:DescribeVpcs", "ec2:CreateTags"],
        ["AWS::EC2::VPCCidrBlock"] = ["ec2:AssociateVpcCidrBlock", "ec2:DisassociateVpcCidrBlock", "ec2:DescribeVpcs"],
        ["AWS::EC2::Subnet"] = ["ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", "ec2:DescribeSubnets", "ec2:CreateTags"],
        ["AWS::EC2::EgressOnlyInternetGateway"] = ["ec2:CreateEgressOnlyInternetGateway", "ec2:DeleteEgressOnlyInternetGateway", "ec2:DescribeEgressOnlyInternetGateways"],
        ["AWS::EC2::RouteTable"] = ["ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:DescribeRouteTables", "ec2:CreateTags"],
        ["AWS::EC2::Route"] = ["ec2:CreateRoute", "ec2:DeleteRoute", "ec2:DescribeRouteTables"],
        ["AWS::EC2::SubnetRouteTableAssociation"] = ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:DescribeRouteTables"],
        ["AWS::EC2::SecurityGroup"] = ["ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:DescribeSecurityGroups"],
        ["AWS::Logs::LogGroup"] = ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups"],
        ["AWS::IAM::Role"] = ["iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
        ["AWS::Lambda::Function"] = ["lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "iam:PassRole", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"],
    };

    [Fact]
    public void The_runner_policy_allows_every_action_in_the_client_code_on_the_suites_resources()
    {
        var actions = SuiteCalls.FromClientCode();
        TestContext.Current.TestOutputHelper?.WriteLine($"{actions.Count} actions from the client code: {string.Join(", ", actions)}");
        actions.Should().Contain(["cloudformation:CreateStack", "lambda:InvokeFunction", "ec2:DescribeNetworkInterfaces", "sts:GetCallerIdentity"],
            "the derivation finds the client operation lists and the EC2/STS calls in fixtures/");

        AssertAllowed(actions.Select(a => new SuiteCall(a, SuiteCalls.ResourceFor(a, SuiteCalls.ExampleStackName), "client code")));
    }

    [Fact]
    public void The_runner_policy_allows_what_CloudFormation_does_for_every_resource_type_in_the_template()
    {
        var template = TemplateModel.Load(RepoRoot.TemplatePath);
        var types = template.Resources.Select(r => r.Type ?? "(no Type)").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        types.Where(t => !CloudFormationActionsByType.ContainsKey(t)).Should().BeEmpty(
            "every resource type in {0} must have its CloudFormation handler actions listed here and allowed by {1}; fix: add the type's create/delete actions to CloudFormationActionsByType and the policy",
            RepoRoot.TemplatePath, PolicyFiles.RunnerPolicyPath);

        var stack = SuiteCalls.ExampleStackName;
        AssertAllowed(types.SelectMany(t => CloudFormationActionsByType[t].Select(a => new SuiteCall(a, ResourceOf(t, a, stack), $"CloudFormation for {t}"))));
    }

    [Fact]
    public async Task The_runner_policy_allows_every_call_a_healthy_run_and_a_verify_only_run_really_send()
    {
        var ct = TestContext.Current.CancellationToken;
        // One scenario for both runs, so that region and account match the ARNs the coverage is evaluated on.
        var scenario = Scenario.Healthy() with { Region = SuiteCalls.Region, Account = SuiteCalls.Account };
        await using var healthy = await AwsDoubleServer.StartAsync(scenario, ct);
        await using var verifyOnly = await AwsDoubleServer.StartAsync(scenario, ct);
        const string existing = "ipv6lambda-policy-existing";
        verifyOnly.Cloud.Deploy(existing);
        await verifyOnly.WaitForAsync(() => verifyOnly.Cloud.FindStack(existing)?.Status == "CREATE_COMPLETE", TimeSpan.FromSeconds(10), ct, "the pre-deployed stack");
        var verifyEnvironment = AcceptanceRun.EnvironmentFor(verifyOnly);
        verifyEnvironment["IPV6LAMBDA_STACK_NAME"] = existing;

        var runs = await Task.WhenAll(
            AcceptanceRun.RunAsync(AcceptanceRun.EnvironmentFor(healthy), ct),
            AcceptanceRun.RunAsync(verifyEnvironment, ct));
        foreach (var run in runs)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());
            run.Tests.Where(t => !t.Passed).Should().BeEmpty("the coverage is read from a passing run; {0}", run.Describe());
        }

        var calls = SuiteCalls.FromRequestLog(healthy.Requests, "healthy run").Concat(SuiteCalls.FromRequestLog(verifyOnly.Requests, "verify-only run")).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{calls.Count} distinct calls:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", calls)}");
        calls.Select(c => c.Action).Should().Contain(["cloudformation:CreateStack", "cloudformation:DeleteStack", "lambda:InvokeFunction", "ec2:DescribeRouteTables"],
            "the log holds the whole deploy-verify-delete cycle");
        AssertAllowed(calls);
    }

    private static string ResourceOf(string type, string action, string stack) => action.Split(':')[0] switch
    {
        "ec2" => "*",
        "logs" when action == "logs:DescribeLogGroups" => "*",
        "logs" => $"arn:aws:logs:{SuiteCalls.Region}:{SuiteCalls.Account}:log-group:{stack}-FunctionLogGroup-A1B2C3D4E5F6:*",
        "iam" => $"arn:aws:iam::{SuiteCalls.Account}:role/{Truncate($"{stack}-FunctionRole-A1B2C3D4E5F6", 64)}",
        _ => SuiteCalls.ResourceFor(action, stack),
    };

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static void AssertAllowed(IEnumerable<SuiteCall> calls)
    {
        var policy = PolicyFiles.RunnerPolicy();
        var decisions = calls.Select(c => (Call: c, Decision: policy.Evaluate(c.Action, c.Resource, PolicyFiles.ContextFor(c.Action)))).ToList();
        var denied = decisions.Where(d => !d.Decision.Allowed).ToList();
        denied.Should().BeEmpty("{0} denies calls the suite needs:{1}{2}", PolicyFiles.RunnerPolicyPath, Environment.NewLine, PolicyFiles.Explain(denied));
    }
}
