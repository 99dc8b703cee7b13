using Ipv6Lambda.Fixtures.Reporting;

namespace Ipv6Lambda.Cli;

/// <summary>
/// report --results &lt;dir&gt; [--results &lt;dir&gt; ...] [--region &lt;name&gt; ...] [--summary &lt;file&gt;]: writes
/// summary.md and the completed evidence.json into each results directory, and with --summary one combined summary.
/// The n-th --region names the n-th directory's region when its run wrote no evidence.json (an offline run).
/// </summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";

    public string Summary => "Write summary.md and evidence.json from a run's TRX files and the fixture's evidence.";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var directories = new List<string>();
        var regions = new List<string>();
        string? summary = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            var option = arguments[i];
            if (i + 1 >= arguments.Count || option is not ("--results" or "--region" or "--summary"))
            {
                await context.Error.WriteLineAsync($"error: report does not understand '{option}'; usage: report --results <dir> [--results <dir> ...] [--region <name> ...] [--summary <file>].");
                return ExitCodes.Usage;
            }

            var value = arguments[++i];
            switch (option)
            {
                case "--results": directories.Add(value); break;
                case "--region": regions.Add(value); break;
                default: summary = value; break;
            }
        }

        if (directories.Count == 0)
        {
            await context.Error.WriteLineAsync("error: report needs at least one --results <dir>, the directory dotnet test wrote its TRX files into.");
            return ExitCodes.Usage;
        }

        var missing = directories.Where(d => !Directory.Exists(d)).ToList();
        if (missing.Count > 0)
        {
            await context.Error.WriteLineAsync($"error: results directory not found: {string.Join(", ", missing)}; pass the --results-directory of a finished dotnet test run.");
            return ExitCodes.Usage;
        }

        var reports = new List<RunEvidence>();
        for (var i = 0; i < directories.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = RunReport.Write(directories[i], i < regions.Count ? regions[i] : null);
            reports.Add(report);
            await context.Output.WriteLineAsync(
                $"report: {SummaryMarkdown.Verdict(report)} in {report.Region ?? "unknown region"}: {Path.Combine(directories[i], RunReport.SummaryFileName)}");
        }

        if (summary is not null)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(summary));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            await File.WriteAllTextAsync(summary, SummaryMarkdown.RenderCombined(reports), cancellationToken);
            await context.Output.WriteLineAsync($"report: combined summary: {summary}");
        }

        return ExitCodes.Ok;
    }
}
