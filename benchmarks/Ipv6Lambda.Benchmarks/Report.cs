using System.Globalization;
using System.Text;
using Ipv6Lambda.Fixtures.Deployment;

namespace Ipv6Lambda.Benchmarks;

/// <summary>Everything one benchmark run measured.</summary>
public sealed record BenchmarkResult(
    BenchmarkOptions Options,
    PollingOptions Polling,
    string Machine,
    IReadOnlyList<WaitResult> Fixture,
    IReadOnlyList<WaitResult> Baseline,
    IReadOnlyList<VerificationTiming> SuiteOrder,
    IReadOnlyList<VerificationTiming> Concurrent,
    OfflineSuiteResult? OfflineSuite,
    TimeSpan Elapsed);

/// <summary>The Markdown report; pure over the result.</summary>
public static class Report
{
    public static readonly TimeSpan LagGoal = TimeSpan.FromSeconds(3);
    public const double CallsPerMinuteGoal = 30;
    public static readonly TimeSpan VerificationGoal = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan OfflineSuiteGoal = TimeSpan.FromSeconds(20);

    public static string Markdown(BenchmarkResult result, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Options;
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line("## Wait benchmark");
        Line();
        Line($"Command: `{commandLine}`");
        Line();
        Line($"Machine: {result.Machine}. Whole run: {S(result.Elapsed.TotalSeconds, "0.0")} s.");
        Line();
        Line($"Timelines: {o.Runs} creates, uniform in [{S(BenchmarkOptions.MinCreate.TotalSeconds * o.Scale, "0.##")} s, {S(BenchmarkOptions.MaxCreate.TotalSeconds * o.Scale, "0.##")} s] " +
            $"(5-60 s × scale {S(o.Scale, "0.###")}), seed {o.Seed}; each sample runs the fixture and the baseline against their own double, all samples at once.");
        Line($"Fixture polling: CreatePollInterval {S(result.Polling.CreatePollInterval.TotalSeconds, "0.##")} s, budget {result.Polling.CallsPerMinute}/min + burst {result.Polling.CallBurst} (never scaled). " +
            $"Baseline: DescribeStacks at once, then every {S(o.BaselineInterval.TotalSeconds, "0.##")} s (AWS CLI `wait stack-create-complete`). " +
            $"The double pages DescribeStackEvents by {(o.EventsPageSize is { } size ? size.ToString(CultureInfo.InvariantCulture) : "5 (its default)")} events.");
        Line();

        var fixtureLags = result.Fixture.Select(w => w.Lag.TotalSeconds).ToList();
        var baselineLags = result.Baseline.Select(w => w.Lag.TotalSeconds).ToList();
        var fixtureRates = result.Fixture.Select(w => w.CallsPerMinute).ToList();
        var baselineRates = result.Baseline.Select(w => w.CallsPerMinute).ToList();
        var lagMedian = Stats.Median(fixtureLags);
        var baselineLagMedian = Stats.Median(baselineLags);
        var lagP95 = Stats.Percentile(fixtureLags, 95);
        var baselineLagP95 = Stats.Percentile(baselineLags, 95);
        var rateMedian = Stats.Median(fixtureRates);
        var baselineRateMedian = Stats.Median(baselineRates);
        var rateMax = fixtureRates.Max();
        var pooled = result.Fixture.Sum(w => w.Calls) / result.Fixture.Sum(w => w.Waited.TotalMinutes);
        var baselinePooled = result.Baseline.Sum(w => w.Calls) / result.Baseline.Sum(w => w.Waited.TotalMinutes);

        Line("| Metric | Fixture (StackDeployer) | Baseline (CLI waiter) | Ratio | Goal | Met |");
        Line("| --- | ---: | ---: | --- | --- | --- |");
        Line($"| 1. Detection lag, median | {S(lagMedian, "0.00")} s | {S(baselineLagMedian, "0.00")} s | baseline ÷ fixture = {Ratio(baselineLagMedian, lagMedian)} | ≤ 3 s | {Met(lagMedian <= LagGoal.TotalSeconds)} |");
        Line($"| 1. Detection lag, p95 | {S(lagP95, "0.00")} s | {S(baselineLagP95, "0.00")} s | baseline ÷ fixture = {Ratio(baselineLagP95, lagP95)} | | |");
        Line($"| 1. Detection lag, max | {S(fixtureLags.Max(), "0.00")} s | {S(baselineLags.Max(), "0.00")} s | | | |");
        Line($"| 2. Calls per minute of waiting, median of samples | {S(rateMedian, "0.0")} | {S(baselineRateMedian, "0.0")} | fixture ÷ baseline = {Ratio(rateMedian, baselineRateMedian)} | | |");
        Line($"| 2. Calls per minute of waiting, max of samples | {S(rateMax, "0.0")} | {S(baselineRates.Max(), "0.0")} | | ≤ 30 (every sample) | {Met(rateMax <= CallsPerMinuteGoal)} |");
        var windowMax = result.Fixture.Max(w => w.MaxCallsInAnyMinute);
        Line($"| 2. Most calls in any 60 s window, max of samples | {windowMax} | {result.Baseline.Max(w => w.MaxCallsInAnyMinute)} | | ≤ 30 | {Met(windowMax <= CallsPerMinuteGoal)} |");
        Line($"| 2. Calls per minute, pooled (all calls ÷ all waiting) | {S(pooled, "0.0")} | {S(baselinePooled, "0.0")} | fixture ÷ baseline = {Ratio(pooled, baselinePooled)} | | |");

        if (result.SuiteOrder.Count > 0)
        {
            var cold = result.SuiteOrder[0].Elapsed.TotalSeconds;
            var warm = result.SuiteOrder.Skip(1).Select(v => v.Elapsed.TotalSeconds).DefaultIfEmpty(cold).ToList();
            var warmConcurrent = result.Concurrent.Select(v => v.Elapsed.TotalSeconds).ToList();
            var worst = Math.Max(cold, warm.Max());
            var failed = result.SuiteOrder.Concat(result.Concurrent).Count(v => v.Problems.Count > 0);
            Line($"| 3. Verification, suite order, first (cold: JIT, first connections) | {S(cold * 1000, "0")} ms | | | ≤ 5 s | {Met(cold <= VerificationGoal.TotalSeconds && failed == 0)} |");
            Line($"| 3. Verification, suite order, median / max of the other {warm.Count} | {S(Stats.Median(warm) * 1000, "0")} / {S(warm.Max() * 1000, "0")} ms | | | ≤ 5 s | {Met(worst <= VerificationGoal.TotalSeconds && failed == 0)} |");
            Line($"| 3. Verification, snapshot ‖ IPv6 invoke ‖ IPv4 invoke, median / max | {S(Stats.Median(warmConcurrent) * 1000, "0")} / {S(warmConcurrent.Max() * 1000, "0")} ms | | suite order ÷ concurrent = {Ratio(Stats.Median(warm), Stats.Median(warmConcurrent))} | | |");
            Line($"| 3. Verification timings whose checks failed | {failed} of {result.SuiteOrder.Count + result.Concurrent.Count} | | | 0 | {Met(failed == 0)} |");
        }

        if (result.OfflineSuite is { } suite)
        {
            Line($"| 4. Offline suite `{suite.Command}` wall time | {S(suite.Elapsed.TotalSeconds, "0.0")} s (exit {suite.ExitCode}) | | | ≤ 20 s | {Met(suite.Elapsed <= OfflineSuiteGoal && suite.ExitCode == 0)} |");
        }
        else
        {
            Line("| 4. Offline suite wall time | not measured (pass --offline-suite) | | | ≤ 20 s | |");
        }

        Line();
        if (o.InvokeLatency > TimeSpan.Zero)
        {
            Line($"Each Invoke was delayed {S(o.InvokeLatency.TotalMilliseconds, "0")} ms by the double (Fault.Delay), to stand in for Lambda's own latency.");
            Line();
        }

        var problems = result.SuiteOrder.Concat(result.Concurrent).SelectMany(v => v.Problems).Distinct().ToList();
        if (problems.Count > 0)
        {
            Line("Verification problems:");
            foreach (var p in problems)
            {
                Line($"- {p}");
            }

            Line();
        }

        if (result.OfflineSuite is { Summary.Count: > 0 } offline)
        {
            Line("Offline suite summary lines:");
            Line();
            Line("```text");
            foreach (var l in offline.Summary)
            {
                Line(l);
            }

            Line("```");
            Line();
        }

        Line("<details><summary>Per sample</summary>");
        Line();
        Line("| # | Create | Fixture lag | Fixture calls (DescribeStacks + DescribeStackEvents) | Fixture calls/min | Baseline lag | Baseline calls | Baseline calls/min |");
        Line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < result.Fixture.Count; i++)
        {
            var f = result.Fixture[i];
            var b = result.Baseline[i];
            Line($"| {i + 1} | {S(f.CreateDuration.TotalSeconds, "0.0")} s | {S(f.Lag.TotalSeconds, "0.00")} s | {f.DescribeStacks} + {f.DescribeStackEvents} | {S(f.CallsPerMinute, "0.0")} | " +
                $"{S(b.Lag.TotalSeconds, "0.00")} s | {b.Calls} | {S(b.CallsPerMinute, "0.0")} |");
        }

        Line();
        Line("</details>");
        return md.ToString();
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Ratio(double numerator, double denominator) =>
        denominator <= 0 ? "n/a" : S(numerator / denominator, "0.0") + "×";

    private static string S(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
