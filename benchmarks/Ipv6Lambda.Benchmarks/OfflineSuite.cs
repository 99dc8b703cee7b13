using System.Diagnostics;
using Ipv6Lambda.Fixtures;

namespace Ipv6Lambda.Benchmarks;

/// <summary>What one <c>dotnet test --no-build</c> of the whole solution took and said.</summary>
public sealed record OfflineSuiteResult(string Command, int ExitCode, TimeSpan Elapsed, IReadOnlyList<string> Summary);

/// <summary>
/// Times the README's test command without the build, from the repository root, with no AWS or suite variables in
/// its environment so the live tests report skipped, as they do on a machine without credentials.
/// </summary>
public static class OfflineSuite
{
    public static async Task<OfflineSuiteResult> RunAsync(string? artifactsPath, CancellationToken cancellationToken)
    {
        List<string> arguments = ["test", "--no-build"];
        if (artifactsPath is not null)
        {
            arguments.AddRange(["--artifacts-path", artifactsPath]);
        }

        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Find(),
        };
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("IPV6LAMBDA_", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var lines = new List<string>();
        var gate = new Lock();
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                lock (gate)
                {
                    lines.Add(line);
                }
            }
        }

        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        watch.Stop();
        List<string> summary;
        lock (gate)
        {
            summary = [.. lines.Where(l => l.Contains("Passed!", StringComparison.Ordinal) || l.Contains("Failed!", StringComparison.Ordinal)
                || l.Contains("Test summary", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim())];
        }

        return new OfflineSuiteResult("dotnet " + string.Join(' ', arguments), process.ExitCode, watch.Elapsed, summary);
    }
}
