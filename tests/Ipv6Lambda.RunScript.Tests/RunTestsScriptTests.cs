using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Ipv6Lambda.Fixtures;

namespace Ipv6Lambda.RunScript.Tests;

/// <summary>
/// Runs the Pester suite of run-tests.ps1 (run-tests.Tests.ps1) under the repository's pinned PowerShell local tool,
/// so `dotnet test` alone covers the script. Pester comes from the NuGet restore of this project.
/// </summary>
public sealed class RunTestsScriptTests
{
    private const int MinimumPesterTests = 45;

    [Fact]
    public async Task Every_Pester_test_of_run_tests_ps1_passes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var root = RepoRoot.Find();
        var module = typeof(RunTestsScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "PesterModule").Value!;
        File.Exists(module).Should().BeTrue($"the build restores Pester to '{module}'; run `dotnet restore` if it is missing");
        var tests = Path.Combine(root, "tests", "Ipv6Lambda.RunScript.Tests", "run-tests.Tests.ps1");

        // `dotnet test` may run before anyone typed `dotnet tool restore`; restoring is idempotent and quick.
        (await RunAsync(root, ["tool", "restore"], cancellationToken)).ExitCode.Should().Be(0, "`dotnet tool restore` installs the pinned PowerShell");

        var script = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{module}}'
            $configuration = New-PesterConfiguration
            $configuration.Run.Path = '{{tests}}'
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'None'
            $result = Invoke-Pester -Configuration $configuration
            $rows = @($result.Tests | ForEach-Object {
                [pscustomobject]@{ Name = $_.ExpandedPath; Result = "$($_.Result)"; Error = "$($_.ErrorRecord)" } })
            $rows += @($result.Containers | Where-Object Result -ne 'Passed' | ForEach-Object {
                [pscustomobject]@{ Name = "container $($_.Item)"; Result = "$($_.Result)"; Error = "$($_.ErrorRecord)" } })
            '@@PESTER@@' + (ConvertTo-Json -InputObject $rows -Depth 3 -Compress)
            """;
        var run = await RunAsync(root, ["pwsh", "-NoProfile", "-NonInteractive", "-Command", script], cancellationToken,
            ("IPV6LAMBDA_REPO_ROOT", root));

        var marker = run.Output.LastIndexOf("@@PESTER@@", StringComparison.Ordinal);
        marker.Should().BeGreaterThanOrEqualTo(0, $"Pester must report its results; PowerShell said:\n{run.Output}");
        var rows = JsonSerializer.Deserialize<PesterRow[]>(run.Output[(marker + "@@PESTER@@".Length)..].Trim())!;
        foreach (var row in rows)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{row.Result,-8} {row.Name}{(row.Error.Length > 0 ? $"\n         {row.Error}" : "")}");
        }

        rows.Where(row => row.Result != "Passed").Should().BeEmpty("every Pester test of run-tests.ps1 must pass");
        rows.Should().HaveCountGreaterThanOrEqualTo(MinimumPesterTests, "the Pester suite must not silently shrink");
    }

    private sealed record PesterRow(string Name, string Result, string Error);

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string workingDirectory, string[] arguments, CancellationToken cancellationToken, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
