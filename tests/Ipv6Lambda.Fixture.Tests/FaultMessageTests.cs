using Ipv6Lambda.Fixtures.Configuration;
using Ipv6Lambda.Fixtures.Deployment;

namespace Ipv6Lambda.Fixture.Tests;

/// <summary>The messages the fault matrix relies on, as pure functions over data.</summary>
public sealed class FaultMessageTests
{
    private static StackEventLine Event(string logicalId, string status, string? reason) =>
        new("e1", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), logicalId, "AWS::Lambda::Function", status, reason);

    [Fact]
    public void Lambdas_unsupported_availability_zone_is_mapped_to_how_to_pick_other_zones_in_the_region()
    {
        var failure = StackFailureAnalysis.Analyze(
            "s", "CREATE_FAILED", null,
            [Event("ProbeFunction", "CREATE_FAILED", "The provided subnets contain availability zone Lambda doesn't support. (Service: Lambda)")],
            region: "ap-northeast-1");

        failure.Summary.Should().Contain("Root cause: ProbeFunction")
            .And.Contain("IPV6LAMBDA_PARAMETER_AvailabilityZone1=<az> and IPV6LAMBDA_PARAMETER_AvailabilityZone2=<az>")
            .And.Contain("-TemplateParameter @{AvailabilityZone1=")
            .And.Contain("aws ec2 describe-availability-zones --region ap-northeast-1");
    }

    [Fact]
    public void Other_root_causes_get_no_availability_zone_advice()
    {
        var failure = StackFailureAnalysis.Analyze("s", "CREATE_FAILED", null, [Event("ProbeFunction", "CREATE_FAILED", "Role is invalid")]);

        failure.Summary.Should().NotContain("AvailabilityZone1");
    }

    [Fact]
    public void A_teardown_failure_names_the_stack_and_both_commands_that_finish_the_delete()
    {
        var error = new StackTeardownException("ipv6lambda-x", "eu-west-1", "it is still DELETE_IN_PROGRESS.", ["FunctionSecurityGroup sg-1 (AWS::EC2::SecurityGroup) DELETE_IN_PROGRESS"]);

        error.Message.Should().Contain("aws cloudformation delete-stack --stack-name ipv6lambda-x --region eu-west-1")
            .And.Contain("aws cloudformation wait stack-delete-complete --stack-name ipv6lambda-x --region eu-west-1")
            .And.Contain("Remaining resources: FunctionSecurityGroup sg-1")
            .And.NotContain("\n");
    }

    [Fact]
    public void A_single_configuration_error_is_one_line()
    {
        var act = () => SuiteSettings.Parse(new Dictionary<string, string?> { ["IPV6LAMBDA_CREATE_TIMEOUT"] = "-1m" }, () => typeof(FaultMessageTests).Assembly.Location);

        act.Should().Throw<SuiteConfigurationException>().Which.Message.Should()
            .Be("The live suite is misconfigured: IPV6LAMBDA_CREATE_TIMEOUT='-1m' is not a positive duration; write it as 20m, 90s, 1h, 00:20:00 or a number of minutes.");
    }

    [Theory]
    [InlineData("http://example.com/", true)]
    [InlineData("https://ipv6.google.com/", true)]
    [InlineData("ftp://example.com/", false)]
    [InlineData("ipv6.google.com", false)]
    public void The_ProbeUrl_parameter_must_be_http_or_https(string url, bool valid)
    {
        var act = () => SuiteSettings.Parse(new Dictionary<string, string?> { ["IPV6LAMBDA_PARAMETER_ProbeUrl"] = url }, () => typeof(FaultMessageTests).Assembly.Location);

        if (valid)
        {
            act.Should().NotThrow().Which.Parameters["ProbeUrl"].Should().Be(url);
        }
        else
        {
            act.Should().Throw<SuiteConfigurationException>().Which.Errors.Should().ContainSingle(e => e.StartsWith("IPV6LAMBDA_PARAMETER_ProbeUrl=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_HTTP_timeout_is_unset_by_default_and_read_from_its_variable()
    {
        string Template() => typeof(FaultMessageTests).Assembly.Location;

        SuiteSettings.Parse(new Dictionary<string, string?>(), Template).HttpTimeout.Should().BeNull();
        SuiteSettings.Parse(new Dictionary<string, string?> { ["IPV6LAMBDA_HTTP_TIMEOUT"] = "2s" }, Template).HttpTimeout.Should().Be(TimeSpan.FromSeconds(2));
        var act = () => SuiteSettings.Parse(new Dictionary<string, string?> { ["IPV6LAMBDA_HTTP_TIMEOUT"] = "-2s" }, Template);
        act.Should().Throw<SuiteConfigurationException>().WithMessage("*IPV6LAMBDA_HTTP_TIMEOUT='-2s'*");
    }
}
