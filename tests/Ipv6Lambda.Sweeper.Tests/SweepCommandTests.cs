using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Cli;

namespace Ipv6Lambda.Sweeper.Tests;

/// <summary>The sweep command in-process (captured output, loopback clients), and its real environment path as a subprocess.</summary>
public sealed class SweepCommandTests
{
    private sealed record CliRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Output}stderr:{Environment.NewLine}{Error}";
    }

    private static async Task<CliRun> RunAsync(AwsDoubleServer server, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext { Output = output, Error = error, CloudFormationFactory = _ => Leaked.Client(server) };
        var exit = await Program.RunAsync(args, context, TestContext.Current.CancellationToken);
        var run = new CliRun(exit, output.ToString(), error.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());
        return run;
    }

    [Fact]
    public async Task Sweep_prints_one_line_per_suite_stack_and_a_summary_and_exits_0()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", TimeSpan.FromHours(7));
        var fresh = Leaked.Suite(server, "ipv6lambda-20260101000000-bbbbbb", TimeSpan.FromHours(1));
        server.Cloud.DeployTagged("ipv6lambda-lookalike", []);

        var run = await RunAsync(server, "sweep", "--region", "us-east-1");

        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().Contain(l => l.StartsWith("deleted", StringComparison.Ordinal) && l.Contains(expired.StackName, StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("kept", StringComparison.Ordinal) && l.Contains(fresh.StackName, StringComparison.Ordinal));
        lines.Should().NotContain(l => l.Contains("ipv6lambda-lookalike", StringComparison.Ordinal));
        lines[^1].Should().Be("sweep: 2 suite stack(s): 1 deleted, 1 kept; 1 stack(s) without the suite's tags not touched.");
    }

    [Fact]
    public async Task Nothing_to_sweep_exits_0_with_a_summary()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);

        var run = await RunAsync(server, "sweep");

        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        run.Output.Should().Contain("no suite stacks");
        server.WriteRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task What_if_on_the_command_line_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", TimeSpan.FromHours(7));

        var run = await RunAsync(server, "sweep", "--what-if");

        run.ExitCode.Should().Be(ExitCodes.Ok, run.ToString());
        run.Output.Should().Contain($"would delete     {expired.StackName}");
        server.RequestsFor("DeleteStack").Should().BeEmpty("--what-if only lists");
    }

    [Fact]
    public async Task A_delete_that_fails_exits_1_and_names_the_stack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        var expired = Leaked.Suite(server, "ipv6lambda-20260101000000-aaaaaa", TimeSpan.FromHours(7));
        server.Faults.Add("DeleteStack", new Fault.ServerError(400), times: 10);

        var run = await RunAsync(server, "sweep", "--no-wait");

        run.ExitCode.Should().Be(ExitCodes.Failed, run.ToString());
        run.Output.Should().Contain($"FAILED           {expired.StackName}").And.Contain("DeleteStack refused");
    }

    [Theory]
    [InlineData("unknown option '--force'", "sweep", "--force")]
    [InlineData("--older-than 'yesterday' is not a duration", "sweep", "--older-than", "yesterday")]
    [InlineData("'US-EAST-1' is not a region name", "sweep", "--region", "US-EAST-1")]
    [InlineData("unknown command 'sweeep'", "sweeep")]
    public async Task Usage_errors_exit_2_name_the_problem_and_call_nothing(string expected, params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);

        var run = await RunAsync(server, args);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.Error.Should().Contain(expected);
        server.Requests.Should().BeEmpty("a usage error is found before any AWS call");
    }

    [Fact]
    public async Task Without_credentials_the_built_cli_exits_2_naming_the_fix()
    {
        var ct = TestContext.Current.CancellationToken;

        var run = await Subprocess.RunCliAsync(["sweep", "--region", "us-east-1"], new Dictionary<string, string>(), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());

        run.ExitCode.Should().Be(ExitCodes.Usage, run.ToString());
        run.StandardError.Should().Contain("no AWS credentials").And.Contain("AWS_PROFILE");
    }
}
