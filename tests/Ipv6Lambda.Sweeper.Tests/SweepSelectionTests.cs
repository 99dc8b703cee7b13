using Ipv6Lambda.Cli;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Deployment;
using Ipv6Lambda.Fixtures.Sweeping;

namespace Ipv6Lambda.Sweeper.Tests;

public sealed class SweepSelectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<Tag> Tags(IEnumerable<KeyValuePair<string, string>> pairs) => [.. pairs.Select(p => new Tag { Key = p.Key, Value = p.Value })];

    [Fact]
    public void A_suite_stack_whose_expires_at_has_passed_is_due()
    {
        var decision = SweepSelection.Decide(Tags(Leaked.SuiteTags(Now - TimeSpan.FromHours(7))), Now, olderThan: null);

        decision.Verdict.Should().Be(SweepVerdict.Due, decision.Reason);
        decision.ExpiresAt.Should().Be(Now - TimeSpan.FromHours(1));
    }

    [Fact]
    public void A_suite_stack_before_its_expires_at_is_kept()
    {
        var decision = SweepSelection.Decide(Tags(Leaked.SuiteTags(Now - TimeSpan.FromHours(5))), Now, olderThan: null);

        decision.Verdict.Should().Be(SweepVerdict.NotYetDue, decision.Reason);
    }

    [Fact]
    public void A_stack_without_the_suite_tag_is_never_due_however_old_its_other_tags_say_it_is()
    {
        var tags = Leaked.SuiteTags(Now - TimeSpan.FromDays(30)).Where(t => t.Key != StackDeployer.SuiteTag);

        SweepSelection.Decide(Tags(tags), Now, olderThan: null).Verdict.Should().Be(SweepVerdict.NotSuiteStack);
        SweepSelection.Decide(Tags(tags), Now, olderThan: TimeSpan.Zero).Verdict.Should().Be(SweepVerdict.NotSuiteStack);
    }

    [Fact]
    public void A_suite_tag_with_another_value_is_not_the_suite()
    {
        var tags = Leaked.SuiteTags(Now - TimeSpan.FromDays(30)).Select(t => t.Key == StackDeployer.SuiteTag ? new(t.Key, "other-suite") : t);

        var decision = SweepSelection.Decide(Tags(tags), Now, olderThan: null);

        decision.Verdict.Should().Be(SweepVerdict.NotSuiteStack);
        decision.Reason.Should().Contain("other-suite");
    }

    [Fact]
    public void With_older_than_a_stack_is_due_when_old_enough_or_expired()
    {
        var young = Tags(Leaked.SuiteTags(Now - TimeSpan.FromMinutes(30)));
        var old = Tags(Leaked.SuiteTags(Now - TimeSpan.FromMinutes(90)));
        var expired = Tags(Leaked.SuiteTags(Now - TimeSpan.FromHours(7)));

        SweepSelection.Decide(expired, Now, TimeSpan.FromHours(12)).Verdict.Should().Be(SweepVerdict.Due, "an expired stack is due whatever --older-than says");
        SweepSelection.Decide(old, Now, TimeSpan.FromHours(1)).Verdict.Should().Be(SweepVerdict.Due, "created 90 min ago is older than 1 h, though it expires in 4.5 h");
        SweepSelection.Decide(young, Now, TimeSpan.FromHours(1)).Verdict.Should().Be(SweepVerdict.NotYetDue);
        SweepSelection.Decide(young, Now, TimeSpan.Zero).Verdict.Should().Be(SweepVerdict.Due, "--older-than 0s sweeps every suite stack");
    }

    [Theory]
    [InlineData(StackDeployer.ExpiresAtTag, null)]
    [InlineData(StackDeployer.CreatedAtTag, "01:00:00")]
    public void A_suite_stack_whose_deciding_tag_is_missing_is_left_alone(string missing, string? olderThan)
    {
        // Created 3 h ago: not expired, so only the missing tag could make it due.
        var tags = Tags(Leaked.SuiteTags(Now - TimeSpan.FromHours(3)).Where(t => t.Key != missing && (missing != StackDeployer.CreatedAtTag || t.Key != StackDeployer.ExpiresAtTag)));
        TimeSpan? age = olderThan is null ? null : TimeSpan.Parse(olderThan, System.Globalization.CultureInfo.InvariantCulture);

        var decision = SweepSelection.Decide(tags, Now, age);

        decision.Verdict.Should().Be(SweepVerdict.UnreadableTag);
        decision.Reason.Should().Contain(missing);
    }

    [Fact]
    public void An_unreadable_expires_at_is_left_alone_and_named()
    {
        var tags = Tags(Leaked.SuiteTags(Now - TimeSpan.FromDays(3)).Select(t => t.Key == StackDeployer.ExpiresAtTag ? new(t.Key, "soon") : t));

        var decision = SweepSelection.Decide(tags, Now, olderThan: null);

        decision.Verdict.Should().Be(SweepVerdict.UnreadableTag);
        decision.Reason.Should().Contain("'soon'");
    }

    [Fact]
    public void The_active_status_filter_holds_every_status_but_DELETE_COMPLETE()
    {
        SweepSelection.ActiveStatuses.Should().NotContain(StackStatus.DeleteComplete)
            .And.Contain([StackStatus.CreateInProgress, StackStatus.CreateComplete, StackStatus.CreateFailed, StackStatus.RollbackComplete, StackStatus.DeleteFailed, StackStatus.DeleteInProgress])
            .And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("6h", 6 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("0s", 0)]
    [InlineData("00:30:00", 1800)]
    public void Durations_parse_with_their_unit(string text, int seconds)
    {
        SweepDuration.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("6")]
    [InlineData("-1h")]
    [InlineData("six hours")]
    [InlineData("-00:10:00")]
    public void Durations_without_a_unit_or_negative_are_refused(string text)
    {
        SweepDuration.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void The_sweep_arguments_parse_repeated_and_comma_separated_regions()
    {
        var error = SweepCommand.Parse(["--region", "us-east-1", "--region=eu-west-1,ap-south-1", "--older-than", "6h", "--what-if", "--no-wait"], out var parsed);

        error.Should().BeNull();
        parsed.Regions.Should().Equal("us-east-1", "eu-west-1", "ap-south-1");
        parsed.OlderThan.Should().Be(TimeSpan.FromHours(6));
        parsed.WhatIf.Should().BeTrue();
        parsed.NoWait.Should().BeTrue();
    }

    [Theory]
    [InlineData("unknown option '--force'", "--force")]
    [InlineData("--region needs a region name", "--region")]
    [InlineData("--older-than 'soon' is not a duration", "--older-than", "soon")]
    [InlineData("--older-than '' is not a duration", "--older-than")]
    public void Bad_sweep_arguments_are_named_with_the_fix(string expected, params string[] arguments)
    {
        SweepCommand.Parse(arguments, out _).Should().Contain(expected);
    }
}
