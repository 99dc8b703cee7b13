using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;
using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>One live test's outcome, read from the xUnit result XML.</summary>
public sealed record AcceptanceTestResult(string Method, string Result, string Message, string Output)
{
    public bool Passed => Result == "Pass";

    public bool Failed => Result == "Fail";

    public bool Skipped => Result == "Skip";

    public override string ToString() => $"{Method}: {Result} {Message}";
}

/// <summary>What one run of the whole acceptance assembly produced.</summary>
public sealed record AcceptanceRunResult(int ExitCode, IReadOnlyList<AcceptanceTestResult> Tests, IReadOnlyList<string> Errors, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public AcceptanceTestResult Test(string method) =>
        Tests.SingleOrDefault(t => t.Method == method)
        ?? throw new InvalidOperationException($"The acceptance run has no test '{method}'. Tests: {string.Join(", ", Tests.Select(t => t.Method))}. Output: {StandardOutput}");

    /// <summary>Every file the run left in its working directory (result XML, logs, reports): relative path to text. Filled when <see cref="AcceptanceRunOptions.CaptureFiles"/> is set.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>When the process exited, by the wall clock (comparable with the double's request times).</summary>
    public DateTimeOffset ExitedAt { get; init; }

    public string Describe() =>
        $"exit {ExitCode} in {Elapsed.TotalSeconds:0.0} s; tests:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Tests)}" +
        (Errors.Count == 0 ? "" : $"{Environment.NewLine}errors:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Errors)}");
}

/// <summary>Extras for one acceptance run.</summary>
public sealed record AcceptanceRunOptions
{
    /// <summary>Called once the process has started (e.g. to send it a signal); the run waits for it.</summary>
    public Func<Process, CancellationToken, Task>? WhileRunning { get; init; }

    /// <summary>Read every file the run wrote under its working directory into <see cref="AcceptanceRunResult.Files"/>.</summary>
    public bool CaptureFiles { get; init; }

    /// <summary>A run ended by a signal may write no result XML; that is then an empty result, not an error.</summary>
    public bool AllowMissingResults { get; init; }
}

/// <summary>
/// Runs the built Ipv6Lambda.Acceptance.Tests assembly, unchanged, in its own process, with an environment that
/// holds only what the run needs: the machine's own AWS config and credentials cannot leak in.
/// </summary>
public static class AcceptanceRun
{
    public const string DummyAccessKey = SealedProcess.DummyAccessKey;

    public static string AssemblyPath { get; } =
        typeof(AcceptanceRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "AcceptanceAssemblyPath")?.Value
        ?? throw new InvalidOperationException("This assembly has no AcceptanceAssemblyPath metadata; build it with its project file, which embeds the path.");

    /// <summary>The environment for a run against <paramref name="server"/>: dummy keys, its endpoint, its account allowed.</summary>
    public static Dictionary<string, string> EnvironmentFor(AwsDoubleServer server) =>
        SealedProcess.EnvironmentFor(server, "ipv6lambda-end-to-end");

    public static Task<AcceptanceRunResult> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        RunAsync(environment, new AcceptanceRunOptions(), cancellationToken);

    public static async Task<AcceptanceRunResult> RunAsync(IReadOnlyDictionary<string, string> environment, AcceptanceRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        var work = Directory.CreateTempSubdirectory("ipv6lambda-e2e-");
        try
        {
            var xml = Path.Combine(work.FullName, "results.xml");
            var start = SealedProcess.StartInfo(AssemblyPath, ["-xml", xml, "-noColor", "-noLogo"], environment, work);

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                if (options.WhileRunning is { } whileRunning)
                {
                    await whileRunning(process, cancellationToken);
                }

                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var exitedAt = DateTimeOffset.UtcNow;
            var output = await stdout;
            var error = await stderr;
            var files = options.CaptureFiles
                ? work.EnumerateFiles("*", SearchOption.AllDirectories).ToDictionary(
                    f => Path.GetRelativePath(work.FullName, f.FullName), f => File.ReadAllText(f.FullName), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            if (!File.Exists(xml) && options.AllowMissingResults)
            {
                return new AcceptanceRunResult(process.ExitCode, [], [], output, error, clock.Elapsed) { Files = files, ExitedAt = exitedAt };
            }

            if (!File.Exists(xml))
            {
                throw new InvalidOperationException($"The acceptance run (exit {process.ExitCode}) wrote no result XML.{Environment.NewLine}{output}{Environment.NewLine}{error}");
            }

            var (tests, errors) = Parse(XDocument.Load(xml));
            return new AcceptanceRunResult(process.ExitCode, tests, errors, output, error, clock.Elapsed) { Files = files, ExitedAt = exitedAt };
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static (List<AcceptanceTestResult> Tests, List<string> Errors) Parse(XDocument document)
    {
        var tests = document.Descendants("test")
            .Select(t => new AcceptanceTestResult(
                (string?)t.Attribute("method") ?? (string?)t.Attribute("name") ?? "",
                (string?)t.Attribute("result") ?? "",
                (string?)t.Element("failure")?.Element("message") ?? (string?)t.Element("reason") ?? "",
                (string?)t.Element("output") ?? ""))
            .ToList();
        var errors = document.Descendants("error")
            .Select(e => $"{(string?)e.Attribute("type")} {(string?)e.Attribute("name")}: {(string?)e.Element("failure")?.Element("message")}")
            .ToList();
        return (tests, errors);
    }
}
