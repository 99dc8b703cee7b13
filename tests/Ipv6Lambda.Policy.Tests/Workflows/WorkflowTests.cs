using Ipv6Lambda.Fixtures;
using YamlDotNet.RepresentationModel;

namespace Ipv6Lambda.Policy.Tests.Workflows;

public sealed class WorkflowTests
{
    private static string WorkflowsDirectory => Path.Combine(RepoRoot.Find(), ".github", "workflows");

    [Fact]
    public async Task Both_workflows_pass_actionlint()
    {
        var files = new[] { "nightly.yml", "pull-request.yml" }.Select(f => Path.Combine(WorkflowsDirectory, f)).ToList();
        var result = await Actionlint.RunAsync(files, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, "actionlint reports no finding in {0}; fix what it names:{1}{2}", WorkflowsDirectory, Environment.NewLine, result.Output);
        result.Output.Should().Contain("2 file(s), 0 finding(s)");
    }

    [Fact]
    public async Task Actionlint_rejects_a_workflow_with_a_typo_in_an_expression_and_an_unknown_action_input()
    {
        var work = Directory.CreateTempSubdirectory("ipv6lambda-actionlint-");
        try
        {
            var broken = Path.Combine(work.FullName, "nightly.yml");
            var text = await File.ReadAllTextAsync(Path.Combine(WorkflowsDirectory, "nightly.yml"), TestContext.Current.CancellationToken);
            text.Should().Contain("matrix.region }}").And.Contain("global-json-file:");
            await File.WriteAllTextAsync(broken,
                text.Replace("matrix.region }}", "matrix.regoin }}", StringComparison.Ordinal).Replace("global-json-file:", "global-jsn-file:", StringComparison.Ordinal),
                TestContext.Current.CancellationToken);

            var result = await Actionlint.RunAsync([broken], TestContext.Current.CancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());

            result.ExitCode.Should().Be(1, "a broken workflow fails the lint; {0}", result);
            result.Output.Should().Contain("property \"regoin\" is not defined").And.Contain("input \"global-jsn-file\" is not defined");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_nightly_workflow_assumes_the_role_by_OIDC_over_a_region_matrix_and_sweeps_even_after_a_failure()
    {
        var (text, root) = Load("nightly.yml");
        var on = Map(root, "on");
        on.Children.Keys.Select(k => k.ToString()).Should().Contain(["schedule", "workflow_dispatch"]);
        Map(root, "permissions").Children.Select(kv => $"{kv.Key}: {kv.Value}").Should().BeEquivalentTo(["id-token: write", "contents: read"]);

        var job = (YamlMappingNode)Map(root, "jobs").Children.Values.Single();
        Scalar(job, "timeout-minutes").Should().NotBeNullOrEmpty("a hung deploy must not hold a runner for 6 hours");
        Scalar(Map(Map(job, "strategy"), "matrix"), "region").Should().Contain("IPV6LAMBDA_REGIONS").And.Contain("us-east-1");
        Scalar(Map(job, "concurrency"), "group").Should().Contain("matrix.region", "two nightlies in one region never overlap");

        var steps = ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>().ToList();
        var credentials = steps.Should().ContainSingle(s => (Scalar(s, "uses") ?? "").StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal)).Subject;
        Scalar(Map(credentials, "with"), "role-to-assume").Should().Be("${{ vars.IPV6LAMBDA_ROLE_ARN }}");
        text.Should().NotContain("aws-access-key-id").And.NotContain("aws-secret-access-key").And.NotContain("secrets.", "OIDC only: no long-lived keys");

        var test = steps.Should().ContainSingle(s => (Scalar(s, "run") ?? "").Contains("run-tests.ps1 -Region", StringComparison.Ordinal)).Subject;
        Scalar(test, "run").Should().Contain("-AllowedAccountId").And.Contain("-ResultsDirectory");
        var upload = steps.Should().ContainSingle(s => (Scalar(s, "uses") ?? "").StartsWith("actions/upload-artifact@", StringComparison.Ordinal)).Subject;
        Scalar(upload, "if").Should().Be("always()", "reports are uploaded from failed runs too");
        var sweep = steps.Last();
        Scalar(sweep, "run").Should().Contain("run-tests.ps1 -Sweep", "the sweeper is the last step");
        Scalar(sweep, "if").Should().Be("always()", "the sweeper runs even when the tests failed");
    }

    [Fact]
    public void The_pull_request_workflow_runs_the_offline_suite_without_AWS_credentials()
    {
        var (text, root) = Load("pull-request.yml");
        var paths = ((YamlSequenceNode)Map(Map(root, "on"), "pull_request").Children[new YamlScalarNode("paths")]).Children.Select(p => p.ToString()).ToList();
        paths.Should().Contain(["template.yaml", "fixtures/**", "tests/**", "run-tests.ps1"]);
        text.Should().Contain("run-tests.ps1 -Offline").And.Contain("npm ci");
        text.Should().NotContain("configure-aws-credentials").And.NotContain("id-token", "a pull request gets no AWS access");
    }

    private static (string Text, YamlMappingNode Root) Load(string file)
    {
        var text = File.ReadAllText(Path.Combine(WorkflowsDirectory, file));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (text, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map
            : throw new InvalidOperationException($"The workflow has no mapping '{key}' under {node.Start}.");

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
