namespace Ipv6Lambda.Policy.Tests;

/// <summary>The evaluator itself: a coverage test is only as honest as the evaluator under it.</summary>
public sealed class IamPolicyTests
{
    private const string Policy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Sid": "Reads", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" },
            { "Sid": "Stacks", "Effect": "Allow", "Action": ["cloudformation:CreateStack"], "Resource": "arn:aws:cloudformation:*:*:stack/ipv6lambda-*/*" },
            { "Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/ipv6lambda-*",
              "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } } },
            { "Sid": "NoVpcDelete", "Effect": "Deny", "Action": "ec2:DescribeVpcs", "Resource": "*" }
          ]
        }
        """;

    private static readonly IamPolicy Parsed = IamPolicy.Parse(Policy);

    [Theory]
    [InlineData("ec2:DescribeSubnets", "*", true)]
    [InlineData("EC2:describesubnets", "*", true)]
    [InlineData("ec2:CreateVpc", "*", false)]
    [InlineData("cloudformation:CreateStack", "arn:aws:cloudformation:eu-west-1:111122223333:stack/ipv6lambda-20260101-abc/1234", true)]
    [InlineData("cloudformation:CreateStack", "arn:aws:cloudformation:eu-west-1:111122223333:stack/other-stack/1234", false)]
    [InlineData("cloudformation:CreateStack", "arn:aws:cloudformation:eu-west-1:111122223333:stack/IPV6LAMBDA-x/1234", false)]
    [InlineData("cloudformation:DeleteStack", "arn:aws:cloudformation:eu-west-1:111122223333:stack/ipv6lambda-x/1234", false)]
    public void Actions_match_wildcards_case_insensitively_and_resources_case_sensitively(string action, string resource, bool allowed) =>
        Parsed.Evaluate(action, resource).Allowed.Should().Be(allowed, "{0} on {1}: {2}", action, resource, Parsed.Evaluate(action, resource));

    [Fact]
    public void An_explicit_deny_wins_over_a_wildcard_allow() =>
        Parsed.Evaluate("ec2:DescribeVpcs", "*").Should().Be(new IamDecision(false, "explicit Deny by statement 'NoVpcDelete'"));

    [Fact]
    public void A_condition_holds_only_when_the_context_has_the_key_with_a_matching_value()
    {
        const string role = "arn:aws:iam::111122223333:role/ipv6lambda-x-FunctionRole-ABC";
        Parsed.Evaluate("iam:PassRole", role, new Dictionary<string, string> { ["iam:PassedToService"] = "lambda.amazonaws.com" }).Allowed.Should().BeTrue();
        Parsed.Evaluate("iam:PassRole", role, new Dictionary<string, string> { ["iam:PassedToService"] = "ec2.amazonaws.com" }).Allowed.Should().BeFalse();
        Parsed.Evaluate("iam:PassRole", role).Allowed.Should().BeFalse("a missing condition key does not satisfy StringEquals");
    }

    [Theory]
    [InlineData("""{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" } ] }""", "NotAction")]
    [InlineData("""{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "NotResource": "x" } ] }""", "NotResource")]
    [InlineData("""{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": { "ArnLike": { "aws:SourceArn": "x" } } } ] }""", "ArnLike")]
    public void Elements_outside_the_supported_subset_are_refused_not_ignored(string json, string element)
    {
        var parse = () => IamPolicy.Parse(json);
        parse.Should().Throw<NotSupportedException>().WithMessage($"*{element}*");
    }
}
