using System.Text.RegularExpressions;
using Ipv6Lambda.Fixtures.Aws;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Sweeping;

namespace Ipv6Lambda.Cli;

/// <summary>
/// <c>sweep [--region &lt;r&gt; ...] [--older-than &lt;6h|90m|00:30:00&gt;] [--what-if] [--no-wait]</c>: deletes the suite's
/// leaked stacks, selected by tag only (see <see cref="StackSweeper"/>). run-tests.ps1 -Sweep calls exactly this.
/// </summary>
public sealed partial class SweepCommand : ICommand
{
    public string Name => "sweep";

    public string Summary => "delete the suite's expired stacks (selected by the ipv6lambda:* tags, never by name)";

    /// <summary>The parsed command line.</summary>
    public sealed record Arguments(IReadOnlyList<string> Regions, TimeSpan? OlderThan, bool WhatIf, bool NoWait, bool Help);

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Parse(arguments, out var parsed) is { } usageError)
        {
            await context.Error.WriteLineAsync($"error: {usageError}");
            await context.Error.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }

        if (parsed.Help)
        {
            await context.Output.WriteLineAsync(Usage);
            return ExitCodes.Ok;
        }

        var regions = parsed.Regions.Count > 0 ? parsed.Regions : [AwsClientSettings.FromEnvironment().Region];
        if (regions.FirstOrDefault(r => !RegionPattern().IsMatch(r)) is { } badRegion)
        {
            await context.Error.WriteLineAsync($"error: '{badRegion}' is not a region name; give one like us-east-1 (--region us-east-1).");
            return ExitCodes.Usage;
        }

        var factory = context.CloudFormationFactory;
        if (factory is null)
        {
            var credentials = await AwsCredentialProbe.ResolveAsync(cancellationToken);
            if (!credentials.Resolved)
            {
                await context.Error.WriteLineAsync(
                    $"error: no AWS credentials ({credentials.Reason}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`.");
                return ExitCodes.Usage;
            }

            factory = region => new AwsClientFactory(new AwsClientSettings(region, credentials.Credentials)).CreateCloudFormation();
        }

        var clients = regions.Distinct(StringComparer.Ordinal).ToDictionary(r => r, factory, StringComparer.Ordinal);
        try
        {
            var options = new SweepOptions { OlderThan = parsed.OlderThan, WhatIf = parsed.WhatIf, WaitForDelete = !parsed.NoWait };
            await context.Output.WriteLineAsync(
                $"Sweeping {string.Join(", ", clients.Keys)} for stacks tagged ipv6lambda:suite=ipv6lambda " +
                "whose ipv6lambda:expires-at has passed" + (parsed.OlderThan is { } age ? $" or created more than {SweepSelection.Format(age)} ago" : "") +
                (parsed.WhatIf ? " (what-if: nothing is deleted)." : "."));
            var output = TextWriter.Synchronized(context.Output);
            var sweeper = new StackSweeper(clients, context.Time, options, line => output.WriteLine($"  {line}"));
            var report = await sweeper.SweepAsync(cancellationToken);
            foreach (var stack in report.Stacks)
            {
                await context.Output.WriteLineAsync(stack.ToString());
            }

            foreach (var error in report.RegionErrors)
            {
                await context.Error.WriteLineAsync($"error: {error}");
            }

            await context.Output.WriteLineAsync(report.Summary());
            return report.Failed ? ExitCodes.Failed : ExitCodes.Ok;
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    public const string Usage =
        "usage: sweep [--region <r> ...] [--older-than <6h|90m|45s|2d|00:30:00>] [--what-if] [--no-wait]\n" +
        "  Deletes stacks tagged ipv6lambda:suite=ipv6lambda whose ipv6lambda:expires-at has passed (with --older-than:\n" +
        "  also those whose ipv6lambda:created-at is at least that old). Never touches a stack without that tag.\n" +
        "  --region     a region to sweep; repeat for several (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)\n" +
        "  --what-if    list what would be deleted; make no write call\n" +
        "  --no-wait    start the deletes and return without waiting for DELETE_COMPLETE\n" +
        "  exit codes: 0 ok (also: nothing to sweep), 1 a delete failed or a region could not be listed, 2 usage or configuration error";

    /// <summary>Null when <paramref name="arguments"/> parse; otherwise the problem and the fix.</summary>
    public static string? Parse(IReadOnlyList<string> arguments, out Arguments parsed)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var regions = new List<string>();
        TimeSpan? olderThan = null;
        bool whatIf = false, noWait = false, help = false;
        parsed = new Arguments(regions, null, false, false, false);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var (option, inline) = argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (argument[..eq], argument[(eq + 1)..])
                : (argument, (string?)null);
            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                return i + 1 < arguments.Count && !arguments[i + 1].StartsWith("--", StringComparison.Ordinal) ? arguments[++i] : null;
            }

            switch (option)
            {
                case "--region":
                    var region = Value();
                    if (string.IsNullOrWhiteSpace(region))
                    {
                        return "--region needs a region name, e.g. --region us-east-1.";
                    }

                    regions.AddRange(region.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--older-than":
                    var text = Value();
                    if (!SweepDuration.TryParse(text, out var age))
                    {
                        return $"--older-than '{text}' is not a duration; give one like 6h, 90m, 45s, 2d or 00:30:00 (0s sweeps every suite stack).";
                    }

                    olderThan = age;
                    break;
                case "--what-if":
                    whatIf = true;
                    break;
                case "--no-wait":
                    noWait = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    return $"unknown option '{argument}'; the options are --region, --older-than, --what-if, --no-wait.";
            }
        }

        parsed = new Arguments(regions, olderThan, whatIf, noWait, help);
        return null;
    }

    // The same shape SuiteSettings accepts for AWS_REGION.
    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d+$")]
    private static partial Regex RegionPattern();
}
