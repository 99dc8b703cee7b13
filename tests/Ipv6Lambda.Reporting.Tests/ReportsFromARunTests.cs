using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;
using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures.Reporting;

namespace Ipv6Lambda.Reporting.Tests;

/// <summary>
/// `dotnet test --no-build` on the built acceptance assembly against the loopback double, with the loggers and
/// results directory run-tests.ps1 uses: TRX, JUnit, evidence.json and summary.md all come out, and tell the truth.
/// </summary>
public sealed class ReportsFromARunTests
{
    private static string Metadata(string key) =>
        typeof(ReportsFromARunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Fact]
    public async Task A_run_against_the_double_writes_TRX_JUnit_evidence_json_and_summary_md_for_a_pass_and_a_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var healthy = await AwsDoubleServer.StartAsync(Scenario.Healthy(), ct);
        await using var broken = await AwsDoubleServer.StartAsync(Scenario.Broken(BrokenCheck.EniWithoutIpv6), ct);
        var root = Directory.CreateTempSubdirectory("ipv6lambda-reports-");
        try
        {
            var runs = await Task.WhenAll(
                RunAsync(healthy, Path.Combine(root.FullName, "healthy"), ct),
                RunAsync(broken, Path.Combine(root.FullName, "broken"), ct));

            var good = runs[0];
            good.ExitCode.Should().Be(0, "a healthy world passes; dotnet test said:\n{0}", good.Output);
            var goodJunit = JUnit(good.Directory);
            goodJunit.Descendants("testcase").Should().HaveCount(8, "the JUnit file holds the 8 live tests");
            goodJunit.Descendants("failure").Should().BeEmpty();
            Directory.EnumerateFiles(good.Directory, "*.trx").Should().ContainSingle("dotnet test writes one TRX per test assembly");

            var report = RunReport.Write(good.Directory);
            report.Region.Should().Be(healthy.Scenario.Region);
            report.StackName.Should().StartWith("ipv6lambda-");
            report.Phases.Select(p => (p.Name, p.Outcome)).Should().Equal(("deploy", PhaseOutcome.Succeeded), ("verify", PhaseOutcome.Succeeded), ("delete", PhaseOutcome.Succeeded));
            report.Checks.Should().HaveCount(8).And.OnlyContain(c => c.Outcome == CheckOutcome.Passed);
            report.Network!.NetworkInterfaces.Should().NotBeEmpty().And.OnlyContain(n => n.Ipv6Addresses.Count > 0);
            var reach = report.Probes.Single(p => p.RequestedFamily == "ipv6");
            reach.Ok.Should().BeTrue();
            reach.Status.Should().BeInRange(200, 399);
            reach.RemoteAddress.Should().Contain(":", "the IPv6 probe reached an IPv6 peer");
            report.Probes.Single(p => p.RequestedFamily == "ipv4").Ok.Should().BeFalse();
            var summary = File.ReadAllText(Path.Combine(good.Directory, RunReport.SummaryFileName));
            summary.Should().Contain($"passed in {healthy.Scenario.Region}").And.Contain(report.StackName!).And.Contain(reach.RemoteAddress!)
                .And.Contain(report.Network.NetworkInterfaces[0].Ipv6Addresses[0]);
            TestContext.Current.TestOutputHelper?.WriteLine(summary);

            var bad = runs[1];
            bad.ExitCode.Should().NotBe(0, "a broken world fails; dotnet test said:\n{0}", bad.Output);
            var badJunit = JUnit(bad.Directory);
            badJunit.Descendants("testcase").Where(t => t.Element("failure") is not null).Select(t => (string?)t.Attribute("name"))
                .Should().Contain("LiveStackTests.The_function_has_an_IPv6_addressed_ENI_in_every_function_subnet", "an ENI without IPv6 fails the ENI check");
            var badReport = RunReport.Write(bad.Directory);
            SummaryMarkdown.Verdict(badReport).Should().Be("failed");
            badReport.Phases.Single(p => p.Name == "verify").Outcome.Should().Be(PhaseOutcome.Failed);
            File.ReadAllText(Path.Combine(bad.Directory, RunReport.SummaryFileName)).Should().Contain("❌ The function has an IPv6 addressed ENI in every function subnet | Failed<br>");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static XDocument JUnit(string directory)
    {
        var file = Path.Combine(directory, "Ipv6Lambda.Acceptance.Tests.junit.xml");
        File.Exists(file).Should().BeTrue($"the JUnit logger writes {file}; found [{string.Join(", ", Directory.EnumerateFiles(directory).Select(Path.GetFileName))}]");
        var document = XDocument.Load(file);
        document.Root!.Name.LocalName.Should().Be("testsuites", "GitHub, GitLab, Jenkins and CodeBuild read <testsuites><testsuite><testcase>");
        document.Root.Elements("testsuite").Should().ContainSingle();
        return document;
    }

    private sealed record Run(int ExitCode, string Directory, string Output);

    private static async Task<Run> RunAsync(AwsDoubleServer server, string directory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            ArgumentList =
            {
                "test", Metadata("AcceptanceAssemblyPath"), "--logger", "trx",
                "--logger", "junit;LogFileName={assembly}.junit.xml;MethodFormat=Class;FailureBodyFormat=Verbose",
                "--test-adapter-path", Metadata("JUnitLoggerPath"), "--results-directory", directory,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("IPV6LAMBDA_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/');
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        start.Environment["AWS_REGION"] = server.Scenario.Region;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(directory, "absent-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(directory, "absent-credentials");
        start.Environment["IPV6LAMBDA_ALLOWED_ACCOUNTS"] = server.Scenario.Account;
        start.Environment[EvidenceRecorder.DirectoryVariable] = directory;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, directory, await stdout + await stderr);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
