using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

public sealed class WaitBudgetTests
{
    private static readonly TimeSpan CreateDuration = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Waiting_on_a_20_second_create_notices_completion_within_seconds_at_no_more_than_30_calls_a_minute()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { Name = "slow-create", CreateDuration = CreateDuration }, ct);

        var run = await AcceptanceRun.RunAsync(AcceptanceRun.EnvironmentFor(server), ct);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(run.Describe());

        run.Tests.Should().OnlyContain(t => t.Passed, run.Describe());
        var requests = server.Requests;
        var created = requests.First(r => r.Operation == "CreateStack").ReceivedAt;
        var flip = server.Cloud.Stacks.Single().CreateFinishedAt ?? throw new InvalidOperationException("The double recorded no create completion.");
        var polls = requests.Where(r => r.Operation is "DescribeStacks" or "DescribeStackEvents").ToList();
        var waiting = polls.Where(r => r.ReceivedAt > created && r.ReceivedAt < flip).ToList();
        var noticed = polls.First(r => r.ReceivedAt >= flip).ReceivedAt;
        var lag = noticed - flip;
        var perMinute = waiting.Count / (flip - created).TotalMinutes;
        output?.WriteLine($"create {CreateDuration.TotalSeconds:0} s: {waiting.Count} DescribeStacks+DescribeStackEvents calls while waiting = {perMinute:0.0}/min " +
            $"({waiting.Count(r => r.Operation == "DescribeStacks")} DescribeStacks, {waiting.Count(r => r.Operation == "DescribeStackEvents")} DescribeStackEvents); " +
            $"completion noticed {lag.TotalSeconds:0.00} s after the flip");

        perMinute.Should().BeLessThanOrEqualTo(31, "the wait spends at most ~30 CloudFormation read calls a minute");
        lag.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(3.5), "completion is noticed within ~3 s (2.3 s poll interval plus slack)");
    }
}
