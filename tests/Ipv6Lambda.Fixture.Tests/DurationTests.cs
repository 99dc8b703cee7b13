using Ipv6Lambda.Fixtures.Configuration;

namespace Ipv6Lambda.Fixture.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("1h", 3600)]
    [InlineData("00:20:00", 1200)]
    [InlineData("20", 1200)]
    [InlineData(" 1.5m ", 90)]
    public void A_timeout_reads_units_clock_times_and_bare_minutes(string text, int seconds)
    {
        Duration.TryParse(text, DurationRules.Timeout, out var duration).Should().BeTrue(text);

        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("00:00:00")]
    [InlineData("-5m")]
    [InlineData("2d")]
    [InlineData("soon")]
    [InlineData("")]
    public void A_timeout_is_never_zero_negative_in_days_or_words(string text) =>
        Duration.TryParse(text, DurationRules.Timeout, out _).Should().BeFalse(text);

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("2d", 172800)]
    [InlineData("6h", 21600)]
    [InlineData("00:30:00", 1800)]
    public void An_age_may_be_zero_and_may_be_in_days(string text, int seconds)
    {
        Duration.TryParse(text, DurationRules.Age, out var duration).Should().BeTrue(text);

        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("6")]
    [InlineData("-1h")]
    [InlineData("later")]
    public void An_age_needs_a_unit_and_is_never_negative(string text) =>
        Duration.TryParse(text, DurationRules.Age, out _).Should().BeFalse(text);
}
