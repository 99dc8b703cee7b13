using System.Text;
using Ipv6Lambda.Fixtures.Rules;
using Ipv6Lambda.Fixtures.Templates;

namespace Ipv6Lambda.Template.Tests;

/// <summary>
/// Each rule is proved able to fail: a minimal in-memory change to the real template.yaml must produce that rule's
/// finding, naming the logical id the change broke.
/// </summary>
public class MutationTests
{
    private sealed record Mutation(Func<TemplateModel, TemplateModel> Apply, string RuleId, string Subject);

    private static readonly Dictionary<string, Mutation> Mutations = Build();

    public static TheoryData<string> Names => [.. Mutations.Keys];

    private static Dictionary<string, Mutation> Build()
    {
        var m = new Dictionary<string, Mutation>(StringComparer.Ordinal)
        {
            ["Ipv6AllowedForDualStack set to false"] = new(
                t => t.WithProperty("ProbeFunction", "VpcConfig.Ipv6AllowedForDualStack", TemplateValue.Of(false)),
                "tpl-function-vpc-dual-stack", "ProbeFunction"),
            ["VpcConfig removed"] = new(t => t.WithoutProperty("ProbeFunction", "VpcConfig"), "tpl-function-vpc-dual-stack", "ProbeFunction"),
            ["a subnet given as a literal id"] = new(
                t => t.WithProperty("ProbeFunction", "VpcConfig.SubnetIds.0", TemplateValue.Of("subnet-0123456789abcdef0")),
                "tpl-function-vpc-dual-stack", "'subnet-0123456789abcdef0'"),
            ["a security group taken from a parameter"] = new(
                t => t.WithRoot(t.Root.WithAt("Parameters.ExistingGroup", TemplateValue.Map(("Type", TemplateValue.Of("AWS::EC2::SecurityGroup::Id")))))
                    .WithProperty("ProbeFunction", "VpcConfig.SecurityGroupIds.0", TemplateValue.Ref("ExistingGroup")),
                "tpl-function-vpc-dual-stack", "ExistingGroup"),
            ["SubnetA without its IPv6 CIDR"] = new(t => t.WithoutProperty("SubnetA", "Ipv6CidrBlock"), "net-dual-stack-subnets", "SubnetA"),
            ["SubnetB without its IPv4 CIDR"] = new(t => t.WithoutProperty("SubnetB", "CidrBlock"), "net-dual-stack-subnets", "SubnetB"),
            ["SubnetA no longer DependsOn the IPv6 block"] = new(
                t => t.UpdateResource("SubnetA", r => r.WithoutDependsOn("VpcIpv6CidrBlock")), "tpl-subnet-waits-for-ipv6-block", "SubnetA"),
            ["the VPC block is not Amazon-provided IPv6"] = new(
                t => t.WithProperty("VpcIpv6CidrBlock", "AmazonProvidedIpv6CidrBlock", TemplateValue.Of(false)), "tpl-subnet-waits-for-ipv6-block", "SubnetB"),
            ["the ::/0 route dropped"] = new(t => t.WithoutResource("Ipv6DefaultRoute"), "net-ipv6-default-route-eigw", "RouteTable"),
            ["::/0 to another VPC's egress-only gateway"] = new(
                t => t.WithResource("OtherVpc", "Type: AWS::EC2::VPC\nProperties: { CidrBlock: 10.1.0.0/16 }")
                    .WithResource("OtherEigw", "Type: AWS::EC2::EgressOnlyInternetGateway\nProperties: { VpcId: !Ref OtherVpc }")
                    .WithProperty("Ipv6DefaultRoute", "EgressOnlyInternetGatewayId", TemplateValue.Ref("OtherEigw")),
                "net-ipv6-default-route-eigw", "OtherEigw"),
            ["SubnetB's route table association dropped"] = new(
                t => t.WithoutResource("SubnetBRouteTableAssociation"), "net-ipv6-default-route-eigw", "SubnetB"),
            ["0.0.0.0/0 to a new internet gateway"] = new(
                t => t.WithResource("InternetGateway", "Type: AWS::EC2::InternetGateway")
                    .WithResource("GatewayAttachment", "Type: AWS::EC2::VPCGatewayAttachment\nProperties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref InternetGateway }")
                    .WithResource("Ipv4DefaultRoute", "Type: AWS::EC2::Route\nProperties: { RouteTableId: !Ref RouteTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref InternetGateway }"),
                "net-no-ipv4-internet-egress", "RouteTable"),
            ["a NAT gateway added"] = new(
                t => t.WithResource("NatGateway", "Type: AWS::EC2::NatGateway\nProperties: { SubnetId: !Ref SubnetA, ConnectivityType: private }"),
                "net-no-ipv4-internet-egress", "NatGateway"),
            ["ingress opened on the security group"] = new(
                t => t.WithProperty("FunctionSecurityGroup", "SecurityGroupIngress",
                    TemplateValue.FromYaml("[{ IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: '::/0' }]")),
                "tpl-security-group-egress-only", "FunctionSecurityGroup"),
            ["an ingress resource targeting the security group"] = new(
                t => t.WithResource("OpenIngress", "Type: AWS::EC2::SecurityGroupIngress\nProperties: { GroupId: !GetAtt FunctionSecurityGroup.GroupId, IpProtocol: '-1', CidrIp: 0.0.0.0/0 }"),
                "tpl-security-group-egress-only", "OpenIngress"),
            ["egress on port 80 instead of 443"] = new(
                t => t.WithProperty("FunctionSecurityGroup", "SecurityGroupEgress.0.FromPort", TemplateValue.Of(80))
                    .WithProperty("FunctionSecurityGroup", "SecurityGroupEgress.0.ToPort", TemplateValue.Of(80)),
                "tpl-security-group-egress-only", "FunctionSecurityGroup"),
            ["egress to IPv4 instead of ::/0"] = new(
                t => t.WithoutProperty("FunctionSecurityGroup", "SecurityGroupEgress.0.CidrIpv6")
                    .WithProperty("FunctionSecurityGroup", "SecurityGroupEgress.0.CidrIp", TemplateValue.Of("0.0.0.0/0")),
                "tpl-security-group-egress-only", "FunctionSecurityGroup"),
            ["FunctionName fixed"] = new(t => t.WithProperty("ProbeFunction", "FunctionName", TemplateValue.Of("ipv6-probe")), "tpl-no-fixed-names", "ProbeFunction"),
            ["RoleName fixed"] = new(t => t.WithProperty("FunctionRole", "RoleName", TemplateValue.Sub("${AWS::StackName}-role")), "tpl-no-fixed-names", "FunctionRole"),
            ["LogGroupName fixed"] = new(t => t.WithProperty("FunctionLogGroup", "LogGroupName", TemplateValue.Of("/aws/lambda/probe")), "tpl-no-fixed-names", "FunctionLogGroup"),
            ["GroupName fixed"] = new(t => t.WithProperty("FunctionSecurityGroup", "GroupName", TemplateValue.Of("probe")), "tpl-no-fixed-names", "FunctionSecurityGroup"),
            ["a regional ARN in the role policy"] = new(
                t => t.WithProperty("FunctionRole", "Policies.0.PolicyDocument.Statement.1.Resource",
                    TemplateValue.Of("arn:aws:logs:us-east-1:123456789012:log-group:probe:*")),
                "tpl-no-region-literals", "FunctionRole"),
            ["a region in the default probe URL"] = new(
                t => t.WithRoot(t.Root.WithAt("Parameters.ProbeUrl.Default", TemplateValue.Of("https://s3.dualstack.eu-west-1.amazonaws.com/"))),
                "tpl-no-region-literals", "Parameters"),
            ["a Layer ARN on the function"] = new(
                t => t.WithProperty("ProbeFunction", "Layers", TemplateValue.List(TemplateValue.Sub("arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:layer:x:1"))),
                "tpl-function-no-layers", "ProbeFunction"),
            ["runtime python3.9"] = new(t => t.WithProperty("ProbeFunction", "Runtime", TemplateValue.Of("python3.9")), "tpl-runtime-supported", "ProbeFunction"),
            ["runtime python2.7"] = new(t => t.WithProperty("ProbeFunction", "Runtime", TemplateValue.Of("python2.7")), "tpl-runtime-supported", "ProbeFunction"),
            ["runtime nodejs20.x"] = new(t => t.WithProperty("ProbeFunction", "Runtime", TemplateValue.Of("nodejs20.x")), "tpl-runtime-supported", "ProbeFunction"),
            ["SubnetA no longer DependsOn the role"] = new(
                t => t.UpdateResource("SubnetA", r => r.WithoutDependsOn("FunctionRole")), "tpl-role-outlives-enis", "SubnetA"),
            ["the security group no longer DependsOn the role"] = new(
                t => t.UpdateResource("FunctionSecurityGroup", r => r.WithoutDependsOn("FunctionRole")), "tpl-role-outlives-enis", "FunctionSecurityGroup"),
            ["the role is a literal ARN"] = new(
                t => t.WithProperty("ProbeFunction", "Role", TemplateValue.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/probe")),
                "tpl-role-outlives-enis", "ProbeFunction"),
            ["RetentionInDays dropped"] = new(t => t.WithoutProperty("FunctionLogGroup", "RetentionInDays"), "tpl-log-group-retention", "FunctionLogGroup"),
            ["LoggingConfig removed"] = new(t => t.WithoutProperty("ProbeFunction", "LoggingConfig"), "tpl-log-group-retention", "ProbeFunction"),
            ["a 6 MB inline ZipFile"] = new(t => t.WithProperty("ProbeFunction", "Code.ZipFile", TemplateValue.Of(Incompressible(6 * 1024 * 1024))), "tpl-inline-code-size", "ProbeFunction"),
            ["a 60 KB inline ZipFile"] = new(
                t => t.WithProperty("ProbeFunction", "Code.ZipFile", TemplateValue.Of(Incompressible(60 * 1024))), "tpl-template-body-size", RealTemplate.Model.SourceName),
            ["Timeout of 3 s"] = new(t => t.WithProperty("ProbeFunction", "Timeout", TemplateValue.Of(3)), "tpl-function-timeout", "ProbeFunction"),
            ["Timeout removed"] = new(t => t.WithoutProperty("ProbeFunction", "Timeout"), "tpl-function-timeout", "ProbeFunction"),
            ["Handler naming a function the code lacks"] = new(
                t => t.WithProperty("ProbeFunction", "Handler", TemplateValue.Of("index.main")), "tpl-inline-handler-defined", "ProbeFunction"),
        };

        foreach (var output in TemplateRules.RequiredOutputs)
        {
            m[$"output {output} dropped"] = new(t => t.WithoutOutput(output), "tpl-required-outputs", output);
        }

        return m;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_minimal_break_produces_that_rule_s_finding_naming_the_resource(string mutation)
    {
        var (apply, ruleId, subject) = Mutations[mutation];
        var rule = TemplateRules.All.Single(r => r.Id == ruleId);
        rule.Evaluate(RealTemplate.Model).Should().BeEmpty($"{ruleId} must hold before the mutation, or the mutation proves nothing");

        var broken = apply(RealTemplate.Model);
        var findings = rule.Evaluate(broken).ToList();
        var all = TemplateRules.Evaluate(broken);

        findings.Should().Contain(f => f.Subjects.Contains(subject) && f.ToString().Contains(subject, StringComparison.Ordinal),
            $"'{mutation}' must make {ruleId} name '{subject}'; it reported:{Environment.NewLine}{RealTemplate.Describe(findings)}");
        findings.Should().AllSatisfy(f => f.RuleId.Should().Be(ruleId));
        findings.Should().AllSatisfy(f => f.Fix.Should().NotBeNullOrWhiteSpace());
        all.Should().Contain(f => f.RuleId == ruleId, "TemplateRules.Evaluate runs every rule");
    }

    [Fact]
    public void Every_rule_is_killed_by_at_least_one_mutation()
    {
        var killed = Mutations.Values.Select(m => m.RuleId).ToHashSet();

        TemplateRules.All.Select(r => r.Id).Should().BeSubsetOf(killed, "a rule no mutation kills is a test that cannot fail");
    }

    // Base64 of seeded random bytes: deflate cannot shrink it much, so the zip stays near 3/4 of its length.
    private static string Incompressible(int length)
    {
        var bytes = new byte[length * 3 / 4];
        new Random(1234).NextBytes(bytes);
        var text = new StringBuilder("# ");
        var base64 = Convert.ToBase64String(bytes);
        for (var i = 0; i < base64.Length; i += 76)
        {
            text.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append("\n# ");
        }

        return text.ToString();
    }
}
