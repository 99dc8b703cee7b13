using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures;

namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>
/// Bad inputs, run through the whole live suite: each fails every live test with one line naming the problem and the
/// fix, and nothing is deployed. (Every other bad input is covered in-process by Fixture.Tests' BadInputTests.)
/// </summary>
public sealed class BadInputRunTests(FaultRuns runs)
{
    private static readonly string BrokenTemplate = WriteBrokenTemplate();

    public static IReadOnlyList<RunPlan> Plans { get; } =
    [
        new("expired-credentials", Scenario.ExpiredCredentials()),
        new("yaml-syntax-error", Scenario.Healthy() with { Name = "template with a YAML syntax error" },
            Environment: new Dictionary<string, string> { ["IPV6LAMBDA_TEMPLATE"] = BrokenTemplate }),
    ];

    [Fact]
    public async Task Expired_credentials_fail_every_live_test_with_one_line_saying_to_refresh_them_and_nothing_is_written()
    {
        var planned = await Get("expired-credentials");

        AssertEveryTestFailsWithOneLine(planned, "ExpiredToken", "Refresh them");
        planned.Server.OperationOrder.Should().Equal(["GetCallerIdentity"], "the suite stops at the first rejected call; {0}", planned.Describe());
        planned.Server.WriteRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_template_with_a_YAML_syntax_error_fails_every_live_test_with_its_line_and_column_before_any_AWS_call()
    {
        var planned = await Get("yaml-syntax-error");

        AssertEveryTestFailsWithOneLine(planned, "cannot be parsed (line ", BrokenTemplate);
        planned.Server.Requests.Should().BeEmpty("a local problem costs no AWS call; {0}", planned.Describe());
    }

    private static void AssertEveryTestFailsWithOneLine(PlannedRun planned, string problem, string fix)
    {
        planned.Run.Tests.Should().HaveCount(LiveTests.All.Count).And.OnlyContain(t => t.Failed,
            "a misconfigured run must fail, not skip or pass; {0}", planned.Describe());
        foreach (var test in planned.Run.Tests)
        {
            // Later lines are xUnit's rendering of the inner exceptions; the error itself is the first line.
            var line = test.Message.Split('\n')[0];
            line.Should().Contain(problem, "the one-line error names the problem; {0}", planned.Describe()).And.Contain(fix, "and the fix");
        }

        planned.Run.ExitCode.Should().NotBe(0);
        planned.Server.Cloud.Stacks.Should().BeEmpty("nothing is deployed");
    }

    private static string WriteBrokenTemplate()
    {
        var lines = File.ReadAllLines(RepoRoot.TemplatePath).ToList();
        var resources = lines.FindIndex(l => l.StartsWith("Resources:", StringComparison.Ordinal));
        lines.Insert(resources + 1, "  Broken: [unclosed, flow");
        var path = Path.Combine(Directory.CreateTempSubdirectory("ipv6lambda-bad-template-").FullName, "template.yaml");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<PlannedRun> Get(string name)
    {
        var planned = await runs.GetAsync(name, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(planned.Describe());
        return planned;
    }
}
