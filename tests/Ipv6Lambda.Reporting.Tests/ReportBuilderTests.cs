using System.Xml.Linq;
using Ipv6Lambda.Fixtures.Reporting;

namespace Ipv6Lambda.Reporting.Tests;

public sealed class ReportBuilderTests
{
    [Fact]
    public void TRX_results_keep_the_outcome_duration_assembly_and_first_failure_message()
    {
        var results = TrxResults.Parse(XDocument.Parse(ReportSamples.Trx));

        results.Should().HaveCount(4);
        var failed = results.Single(r => r.Outcome == CheckOutcome.Failed);
        failed.Name.Should().Be("No_function_subnet_routes_IPv4_to_an_internet_gateway_or_NAT");
        failed.Assembly.Should().Be("Ipv6Lambda.Acceptance.Tests");
        failed.Message.Should().StartWith("rule net-no-ipv4-internet-egress: route table rtb-0abc");
        results.Single(r => r.Name == "An_invocation_reaches_the_probe_URL_over_IPv6").DurationSeconds.Should().Be(1.5);
        results.Single(r => r.Name.StartsWith("The_VPC", StringComparison.Ordinal)).Outcome.Should().Be(CheckOutcome.Skipped);
    }

    [Fact]
    public void Only_the_acceptance_assembly_tests_are_live_checks_and_every_test_is_counted()
    {
        var report = RunReport.Combine(ReportSamples.Evidence(), TrxResults.Parse(XDocument.Parse(ReportSamples.Trx)));

        report.Checks.Select(c => c.Name).Should().HaveCount(3).And.NotContain("Every_rule_holds");
        report.Totals.Should().Be(new TestCounts(2, 1, 1, 0));
    }

    [Fact]
    public void A_failed_live_check_fails_the_verify_phase_and_the_verdict()
    {
        var report = RunReport.Combine(ReportSamples.Evidence(), TrxResults.Parse(XDocument.Parse(ReportSamples.Trx)));

        report.Phases.Single(p => p.Name == "verify").Outcome.Should().Be(PhaseOutcome.Failed, "1 of 3 live checks failed");
        SummaryMarkdown.Verdict(report).Should().Be("failed");
    }

    [Fact]
    public void A_run_without_any_result_is_not_reported_as_passed()
    {
        SummaryMarkdown.Verdict(RunReport.Combine(new RunEvidence { Region = "us-east-1" }, [])).Should().Be("no results");
    }

    [Fact]
    public void A_run_whose_live_checks_were_all_skipped_says_so()
    {
        var skipped = new CheckResult("The_VPC_has_an_associated_Amazon_provided_IPv6_56", "C", RunReport.LiveAssembly, CheckOutcome.Skipped, 0, "No AWS credentials resolved");
        var passed = skipped with { Name = "Every_rule_holds", Assembly = "Ipv6Lambda.Template.Tests", Outcome = CheckOutcome.Passed };

        SummaryMarkdown.Verdict(RunReport.Combine(new RunEvidence(), [skipped, passed])).Should().Be("live suite skipped");
    }

    [Fact]
    public void The_summary_names_the_stack_region_phase_durations_checks_and_network_evidence()
    {
        var report = RunReport.Combine(ReportSamples.Evidence(), TrxResults.Parse(XDocument.Parse(ReportSamples.Trx)));

        var summary = SummaryMarkdown.Render(report);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        summary.Should().Contain("## Ipv6Lambda: failed in eu-west-1")
            .And.Contain("`ipv6lambda-20261204101500-a1b2c3`")
            .And.Contain("| deploy | Succeeded | 5 min 12 s |")
            .And.Contain("| delete | Succeeded | 20 min 50 s |")
            .And.Contain("| verify | Failed: 1 of 3 live checks failed | 4.2 s |")
            .And.Contain("❌ No function subnet routes IPv4 to an internet gateway or NAT | Failed<br>rule net-no-ipv4-internet-egress: route table rtb-0abc routes 0.0.0.0/0 to igw-0def \\| fix: remove it |")
            .And.Contain("ENI `eni-0aa` in `subnet-0a`: IPv6 `2600:1f18:aaaa:bb00::1234`")
            .And.Contain("`::/0` → `eigw-0123`")
            .And.Contain("| IPv6 reach | ipv6 | https://ipv6.google.com/ | yes | `2607:f8b0:4004:c1b::64` IPv6 | 200 |")
            .And.Contain("| IPv4 control | ipv4 | https://www.google.com/ | no | `none` IPv4 | none | TimeoutError: timed out |")
            .And.Contain("- **All tests:** 2 passed, 1 failed, 1 skipped");
        summary.Should().NotContain("second line", "a table cell holds only the first line of a failure message");
    }

    [Fact]
    public void The_combined_summary_has_a_row_per_region_and_counts_the_regions_that_passed()
    {
        var results = TrxResults.Parse(XDocument.Parse(ReportSamples.Trx));
        var failing = RunReport.Combine(ReportSamples.Evidence(), results);
        var passing = RunReport.Combine(ReportSamples.Evidence() with { Region = "us-west-2", StackName = "ipv6lambda-2" }, [.. results.Where(r => r.Outcome == CheckOutcome.Passed)]);

        var summary = SummaryMarkdown.RenderCombined([failing, passing]);

        summary.Should().StartWith("# Ipv6Lambda: 1 of 2 regions passed")
            .And.Contain("| eu-west-1 | `ipv6lambda-20261204101500-a1b2c3` | failed | 1 passed, 1 failed, 1 skipped |")
            .And.Contain("| us-west-2 | `ipv6lambda-2` | passed | 1 passed, 0 failed, 0 skipped |")
            .And.Contain("## Ipv6Lambda: failed in eu-west-1").And.Contain("## Ipv6Lambda: passed in us-west-2");
    }

    [Fact]
    public void Evidence_json_round_trips_with_camel_case_names_and_string_outcomes()
    {
        var report = RunReport.Combine(ReportSamples.Evidence(), TrxResults.Parse(XDocument.Parse(ReportSamples.Trx)));

        var json = report.ToJson();

        json.Should().Contain("\"stackName\": \"ipv6lambda-20261204101500-a1b2c3\"").And.Contain("\"outcome\": \"failed\"")
            .And.Contain("\"remoteAddress\": \"2607:f8b0:4004:c1b::64\"").And.Contain("\"schemaVersion\": 1");
        RunEvidence.FromJson(json).Should().BeEquivalentTo(report);
    }

    [Fact]
    public void Writing_a_results_directory_adds_the_checks_to_evidence_json_and_writes_summary_md()
    {
        var directory = Directory.CreateTempSubdirectory("ipv6lambda-report-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "run.trx"), ReportSamples.Trx);
            File.WriteAllText(Path.Combine(directory.FullName, EvidenceRecorder.FileName), ReportSamples.Evidence().ToJson());

            RunReport.Write(directory.FullName);

            var evidence = RunEvidence.FromJson(File.ReadAllText(Path.Combine(directory.FullName, EvidenceRecorder.FileName)));
            evidence.Checks.Should().HaveCount(3);
            File.ReadAllText(Path.Combine(directory.FullName, RunReport.SummaryFileName)).Should().Contain("## Ipv6Lambda: failed in eu-west-1");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_results_directory_without_evidence_takes_the_region_it_is_given()
    {
        var directory = Directory.CreateTempSubdirectory("ipv6lambda-report-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "run.trx"), ReportSamples.Trx);

            var report = RunReport.Write(directory.FullName, "ap-south-1");

            report.Region.Should().Be("ap-south-1");
            report.StackName.Should().BeNull();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
