using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Sweeping;

namespace Ipv6Lambda.Sweeper.Tests;

public sealed class StackSweeperTests
{
    private static readonly TimeSpan Expired = TimeSpan.FromHours(7);
    private static readonly TimeSpan Fresh = TimeSpan.FromHours(1);

    private static async Task<SweepReport> SweepAsync(AwsDoubleServer server, SweepOptions options)
    {
        using var client = Leaked.Client(server);
        var report = await new StackSweeper(new Dictionary<string, ICloudFormationClient> { [server.Scenario.Region] = client }, TimeProvider.System, options,
            line => TestContext.Current.TestOutputHelper?.WriteLine(line)).SweepAsync(TestContext.Current.CancellationToken);
        Log(report);
        return report;
    }

    private static void Log(SweepReport report)
    {
        foreach (var stack in report.Stacks)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(stack.ToString());
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report.Summary());
    }

    [Fact]
    public async Task Only_expired_stacks_with_the_suite_tags_are_deleted_across_every_ListStacks_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var expiredA = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);
        var fresh = Leaked.Suite(server, "ipv6lambda-20260101000000-bbbbbb", Fresh);
        var lookAlike = server.Cloud.DeployTagged("ipv6lambda-20260101000000-cccccc", [new("owner", "someone-else")]);
        var foreign = server.Cloud.DeployTagged("ipv6lambda-prod", [.. Leaked.SuiteTags(server.Cloud.Now - Expired).Where(t => t.Key != "ipv6lambda:suite")]);
        var expiredB = Leaked.Suite(server, "ipv6lambda-20260101000000-dddddd", Expired);
        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast);

        Leaked.DeletedNames(server).Should().BeEquivalentTo([expiredA.StackName, expiredB.StackName],
            "only the suite's expired stacks are deleted; {0} and {1} lack the suite tag, {2} has not expired", lookAlike.StackName, foreign.StackName, fresh.StackName);
        server.RequestsFor("ListStacks").Should().HaveCount(3, "five stacks at two per page are three pages, and every page is read");
        server.Cloud.FindStack(expiredA.StackId)!.Status.Should().Be("DELETE_COMPLETE");
        server.Cloud.FindStack(lookAlike.StackId)!.Status.Should().Be("CREATE_COMPLETE", "a look-alike name without the suite's tags is never touched");
        report.With(SweepAction.Deleted).Select(s => s.StackName).Should().BeEquivalentTo([expiredA.StackName, expiredB.StackName]);
        report.With(SweepAction.Kept).Should().ContainSingle().Which.StackName.Should().Be(fresh.StackName);
        report.OtherStacksUntouched.Should().Be(2);
        report.Failed.Should().BeFalse();
        var line = report.With(SweepAction.Deleted).First().ToString();
        line.Should().Contain("region=us-east-1").And.Contain("created=").And.Contain("expires=").And.StartWith("deleted");
    }

    [Fact]
    public async Task What_if_lists_the_due_stacks_and_makes_no_write_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);
        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast with { WhatIf = true });

        server.WriteRequests.Should().BeEmpty("--what-if only lists");
        report.Stacks.Should().ContainSingle().Which.Action.Should().Be(SweepAction.WouldDelete);
        server.Cloud.FindStack(expired.StackId)!.Status.Should().Be("CREATE_COMPLETE");
        report.Summary().Should().Contain("what-if");
    }

    [Fact]
    public async Task Older_than_selects_by_created_at_before_the_stacks_expire()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var twoHours = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", TimeSpan.FromHours(2));
        var tenMinutes = Leaked.Suite(server, "ipv6lambda-20260101000000-bbbbbb", TimeSpan.FromMinutes(10));
        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast with { OlderThan = TimeSpan.FromHours(1) });

        Leaked.DeletedNames(server).Should().Equal([twoHours.StackName], "{0} is 10 minutes old", tenMinutes.StackName);
        report.With(SweepAction.Kept).Should().ContainSingle().Which.StackName.Should().Be(tenMinutes.StackName);
    }

    [Fact]
    public async Task Every_region_given_is_swept_with_its_own_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var east = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        await using var west = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { Region = "eu-west-1" }, ct);
        var inEast = Leaked.Suite(east, "ipv6lambda-20260101000000-eeeeee", Expired);
        var inWest = Leaked.Suite(west, "ipv6lambda-20260101000000-wwwwww", Expired);
        using var eastClient = Leaked.Client(east);
        using var westClient = Leaked.Client(west);
        var clients = new Dictionary<string, ICloudFormationClient> { ["us-east-1"] = eastClient, ["eu-west-1"] = westClient };

        var report = await new StackSweeper(clients, TimeProvider.System, Leaked.Fast).SweepAsync(ct);
        Log(report);

        Leaked.DeletedNames(east).Should().Equal(inEast.StackName);
        Leaked.DeletedNames(west).Should().Equal(inWest.StackName);
        report.Stacks.Select(s => (s.Region, s.StackName, s.Action)).Should().Equal(
            ("eu-west-1", inWest.StackName, SweepAction.Deleted),
            ("us-east-1", inEast.StackName, SweepAction.Deleted));
    }

    [Fact]
    public async Task A_delete_that_ends_DELETE_FAILED_is_retried_once_and_the_stack_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteFailsOnce(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);
        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast);

        server.RequestsFor("DeleteStack").Should().HaveCount(2);
        var swept = report.Stacks.Should().ContainSingle().Subject;
        swept.Action.Should().Be(SweepAction.Deleted);
        swept.Detail.Should().Contain("retried after DELETE_FAILED").And.Contain("FunctionSecurityGroup");
        server.Cloud.FindStack(expired.StackId)!.Status.Should().Be("DELETE_COMPLETE");
    }

    [Fact]
    public async Task A_stack_left_in_DELETE_FAILED_by_an_earlier_run_is_deleted_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteFailsOnce(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);
        using (var client = Leaked.Client(server))
        {
            await client.DeleteStackAsync(new DeleteStackRequest { StackName = expired.StackId }, ct);
        }

        server.Cloud.FindStack(expired.StackId)!.Status.Should().Be("DELETE_FAILED", "the double's first delete fails");
        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast);

        server.RequestsFor("DeleteStack").Should().ContainSingle();
        report.Stacks.Should().ContainSingle().Which.Detail.Should().Contain("was DELETE_FAILED");
        server.Cloud.FindStack(expired.StackId)!.Status.Should().Be("DELETE_COMPLETE");
    }

    [Fact]
    public async Task A_stack_already_DELETE_IN_PROGRESS_is_left_to_finish_and_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteNeverCompletes(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);
        using (var client = Leaked.Client(server))
        {
            await client.DeleteStackAsync(new DeleteStackRequest { StackName = expired.StackId }, ct);
        }

        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast);

        server.WriteRequests.Should().BeEmpty();
        report.Stacks.Should().ContainSingle().Which.Action.Should().Be(SweepAction.AlreadyDeleting);
        report.Failed.Should().BeFalse();
    }

    [Fact]
    public async Task A_delete_that_does_not_finish_in_time_fails_naming_the_stack_and_the_commands_to_finish_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteNeverCompletes(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);

        var report = await SweepAsync(server, Leaked.Fast with { DeleteTimeout = TimeSpan.FromMilliseconds(300) });

        report.Failed.Should().BeTrue();
        var swept = report.Stacks.Should().ContainSingle().Subject;
        swept.Action.Should().Be(SweepAction.Failed);
        swept.Detail.Should().Contain("still DELETE_IN_PROGRESS")
            .And.Contain($"aws cloudformation delete-stack --region us-east-1 --stack-name {expired.StackName}");
    }

    [Fact]
    public async Task No_wait_starts_the_delete_and_reports_it_started()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteNeverCompletes(), ct);
        Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", Expired);
        server.ClearRequests();

        var report = await SweepAsync(server, Leaked.Fast with { WaitForDelete = false });

        server.RequestsFor("DeleteStack").Should().ContainSingle();
        server.RequestsFor("DescribeStacks").Should().ContainSingle("only the tag read; the delete is not polled");
        report.Stacks.Should().ContainSingle().Which.Action.Should().Be(SweepAction.DeleteStarted);
    }
}
