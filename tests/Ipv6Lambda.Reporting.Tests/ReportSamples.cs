using Ipv6Lambda.Fixtures.Reporting;

namespace Ipv6Lambda.Reporting.Tests;

/// <summary>Small, literal inputs for the pure report code: one TRX with a pass, a failure, a skip and an offline test.</summary>
internal static class ReportSamples
{
    public const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testId="a" testName="Ipv6Lambda.Acceptance.Tests.LiveStackTests.An_invocation_reaches_the_probe_URL_over_IPv6" duration="00:00:01.5000000" outcome="Passed" />
            <UnitTestResult testId="b" testName="Ipv6Lambda.Acceptance.Tests.LiveStackTests.No_function_subnet_routes_IPv4_to_an_internet_gateway_or_NAT" duration="00:00:00.0100000" outcome="Failed">
              <Output><ErrorInfo><Message>rule net-no-ipv4-internet-egress: route table rtb-0abc routes 0.0.0.0/0 to igw-0def | fix: remove it
        second line</Message></ErrorInfo></Output>
            </UnitTestResult>
            <UnitTestResult testId="c" testName="Ipv6Lambda.Acceptance.Tests.LiveStackTests.The_VPC_has_an_associated_Amazon_provided_IPv6_56" duration="00:00:00.0010000" outcome="NotExecuted" />
            <UnitTestResult testId="d" testName="Ipv6Lambda.Template.Tests.RuleTests.Every_rule_holds" duration="00:00:00.2000000" outcome="Passed" />
          </Results>
          <TestDefinitions>
            <UnitTest id="a" storage="/r/ipv6lambda.acceptance.tests.dll"><TestMethod codeBase="/r/Ipv6Lambda.Acceptance.Tests.dll" className="Ipv6Lambda.Acceptance.Tests.LiveStackTests" name="An_invocation_reaches_the_probe_URL_over_IPv6" /></UnitTest>
            <UnitTest id="b" storage="/r/ipv6lambda.acceptance.tests.dll"><TestMethod codeBase="/r/Ipv6Lambda.Acceptance.Tests.dll" className="Ipv6Lambda.Acceptance.Tests.LiveStackTests" name="No_function_subnet_routes_IPv4_to_an_internet_gateway_or_NAT" /></UnitTest>
            <UnitTest id="c" storage="/r/ipv6lambda.acceptance.tests.dll"><TestMethod codeBase="/r/Ipv6Lambda.Acceptance.Tests.dll" className="Ipv6Lambda.Acceptance.Tests.LiveStackTests" name="The_VPC_has_an_associated_Amazon_provided_IPv6_56" /></UnitTest>
            <UnitTest id="d" storage="/r/ipv6lambda.template.tests.dll"><TestMethod codeBase="/r/Ipv6Lambda.Template.Tests.dll" className="Ipv6Lambda.Template.Tests.RuleTests" name="Every_rule_holds" /></UnitTest>
          </TestDefinitions>
        </TestRun>
        """;

    public static RunEvidence Evidence() => new()
    {
        Region = "eu-west-1",
        StackName = "ipv6lambda-20261204101500-a1b2c3",
        Phases =
        [
            new("deploy", DateTimeOffset.Parse("2026-12-04T10:15:00Z", System.Globalization.CultureInfo.InvariantCulture), 312.4, PhaseOutcome.Succeeded),
            new("verify", DateTimeOffset.Parse("2026-12-04T10:20:12Z", System.Globalization.CultureInfo.InvariantCulture), 4.2, PhaseOutcome.Succeeded),
            new("delete", DateTimeOffset.Parse("2026-12-04T10:20:17Z", System.Globalization.CultureInfo.InvariantCulture), 1250, PhaseOutcome.Succeeded),
        ],
        Network = new NetworkEvidence(
            "vpc-0123", ["2600:1f18:aaaa:bb00::/56"],
            [new SubnetEvidence("subnet-0a", "eu-west-1a", "10.0.0.0/24", ["2600:1f18:aaaa:bb00::/64"])],
            [new RouteTableEvidence("rtb-0abc", "eigw-0123", null)],
            ["eigw-0123"], "ipv6lambda-Function-XYZ", "Active",
            [new NetworkInterfaceEvidence("eni-0aa", "subnet-0a", ["2600:1f18:aaaa:bb00::1234"])]),
        Probes =
        [
            new ProbeEvidence("IPv6 reach", "ipv6", "https://ipv6.google.com/", true, 200, "2607:f8b0:4004:c1b::64", "IPv6", null, 84.5, null),
            new ProbeEvidence("IPv4 control", "ipv4", "https://www.google.com/", false, null, null, "IPv4", "TimeoutError: timed out", 5000, null),
        ],
    };
}
