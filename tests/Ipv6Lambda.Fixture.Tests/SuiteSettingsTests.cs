using Ipv6Lambda.Fixtures.Configuration;
using Ipv6Lambda.Fixtures.Deployment;

namespace Ipv6Lambda.Fixture.Tests;

public sealed class SuiteSettingsTests
{
    private static readonly string Template = typeof(SuiteSettingsTests).Assembly.Location;

    private static SuiteSettings Parse(params (string Name, string Value)[] variables) =>
        SuiteSettings.Parse(variables.ToDictionary(v => v.Name, v => (string?)v.Value), () => Template);

    [Fact]
    public void An_empty_environment_gives_the_documented_defaults()
    {
        var settings = Parse();

        settings.Region.Should().Be("us-east-1");
        settings.StackPrefix.Should().Be("ipv6lambda");
        settings.CreateTimeout.Should().Be(TimeSpan.FromMinutes(20));
        settings.DeleteTimeout.Should().Be(TimeSpan.FromMinutes(45));
        settings.WaitForDelete.Should().BeTrue();
        settings.KeepStack.Should().BeFalse();
        settings.DeletesStack.Should().BeTrue();
        settings.Ipv4ControlUrl.Should().Be(new Uri("https://www.google.com/"));
        SuiteSettings.Variables.Select(v => v.Name).Should().Contain(["AWS_REGION", "IPV6LAMBDA_STACK_NAME", "IPV6LAMBDA_PARAMETER_<Key>", "IPV6LAMBDA_IPV4_CONTROL_URL"]);
    }

    [Theory]
    [InlineData("20m", 1200)]
    [InlineData("90s", 90)]
    [InlineData("00:20:00", 1200)]
    [InlineData("15", 900)]
    [InlineData("1h", 3600)]
    public void Timeouts_accept_units_clock_time_or_minutes(string text, int seconds)
    {
        Parse(("IPV6LAMBDA_CREATE_TIMEOUT", text)).CreateTimeout.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Every_bad_value_is_reported_on_its_own_line_naming_the_variable_and_the_fix()
    {
        var act = () => Parse(
            ("AWS_REGION", "mars"),
            ("IPV6LAMBDA_STACK_PREFIX", "1bad_prefix"),
            ("IPV6LAMBDA_KEEP_STACK", "yes please"),
            ("IPV6LAMBDA_ALLOWED_ACCOUNTS", "123456789012,12345"),
            ("IPV6LAMBDA_CREATE_TIMEOUT", "soon"),
            ("IPV6LAMBDA_IPV4_CONTROL_URL", "ftp://example.com/"));

        var errors = act.Should().Throw<SuiteConfigurationException>().Which.Errors;
        errors.Should().HaveCount(6);
        errors.Should().Contain(e => e.StartsWith("AWS_REGION='mars'", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("IPV6LAMBDA_STACK_PREFIX", StringComparison.Ordinal) && e.Contains("[a-zA-Z][-a-zA-Z0-9]*", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("'12345' is not a 12-digit", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("IPV6LAMBDA_CREATE_TIMEOUT='soon'", StringComparison.Ordinal));
        errors.Should().OnlyContain(e => !e.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void Parameter_overrides_and_verify_only_mode_are_read_from_their_variables()
    {
        var settings = Parse(("IPV6LAMBDA_PARAMETER_AvailabilityZone1", "us-east-1b"), ("IPV6LAMBDA_STACK_NAME", "existing-stack"), ("AWS_DEFAULT_REGION", "eu-west-1"));

        settings.Parameters.Should().Equal(new Dictionary<string, string> { ["AvailabilityZone1"] = "us-east-1b" });
        settings.VerifyOnly.Should().BeTrue();
        settings.DeletesStack.Should().BeFalse("a verified stack is never deleted");
        settings.Region.Should().Be("eu-west-1");
    }

    [Fact]
    public void A_generated_stack_name_is_prefix_timestamp_and_six_random_characters()
    {
        var name = StackNames.Generate("ipv6lambda", new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), n => 1);

        name.Should().Be("ipv6lambda-20250304050607-bbbbbb");
        StackNames.Validate(name).Should().BeNull();
    }

    [Fact]
    public void A_prefix_that_leaves_no_room_for_the_suffix_within_128_characters_is_refused()
    {
        var longest = "a" + new string('b', StackNames.MaxPrefixLength - 1);

        StackNames.Generate(longest, DateTimeOffset.UnixEpoch).Should().HaveLength(128);
        StackNames.ValidatePrefix(longest + "c").Should().Contain("at most 106");
    }
}
