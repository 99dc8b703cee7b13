using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Ipv6Lambda.Benchmarks;
using Ipv6Lambda.Fixtures.Deployment;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + BenchmarkOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;

var polling = options.PollInterval is { } interval ? new PollingOptions { CreatePollInterval = interval } : new PollingOptions();
var durations = options.CreateDurations();
var watch = Stopwatch.StartNew();
Console.Error.WriteLine($"Waiting on {durations.Count} scripted creates ({durations.Min().TotalSeconds:0.0}-{durations.Max().TotalSeconds:0.0} s) with the fixture and the baseline at once...");

// Every sample is mostly waiting, so all of them run at once; each poller has its own double and request log.
var fixtureTasks = durations.Select((d, i) => FixtureSample.RunAsync(i + 1, d, polling, options.EventsPageSize, ct)).ToList();
var baselineTasks = durations.Select((d, i) => BaselineSample.RunAsync(i + 1, d, options.BaselineInterval, ct)).ToList();
var fixtureSamples = new List<FixtureSample>();
try
{
    await Task.WhenAll([.. fixtureTasks, .. baselineTasks]);
}
finally
{
    fixtureSamples.AddRange(fixtureTasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
}

var suiteOrder = new List<VerificationTiming>();
var concurrent = new List<VerificationTiming>();
try
{
    Console.Error.WriteLine($"Waits done after {watch.Elapsed.TotalSeconds:0.0} s; timing the verification phase on each deployed double, one at a time...");
    foreach (var sample in fixtureSamples)
    {
        suiteOrder.Add(await VerificationPhase.SuiteOrderAsync(sample, options.InvokeLatency, ct));
        concurrent.Add(await VerificationPhase.ConcurrentAsync(sample, options.InvokeLatency, ct));
    }
}
finally
{
    foreach (var sample in fixtureSamples)
    {
        await sample.DisposeAsync();
    }
}

OfflineSuiteResult? offline = null;
if (options.OfflineSuite)
{
    Console.Error.WriteLine("Timing the offline suite (dotnet test --no-build)...");
    offline = await OfflineSuite.RunAsync(options.TestArtifactsPath, ct);
}

watch.Stop();
var result = new BenchmarkResult(
    options,
    polling,
    await MachineAsync(ct),
    [.. fixtureSamples.Select(s => s.Wait)],
    [.. baselineTasks.Select(t => t.Result)],
    suiteOrder,
    concurrent,
    offline,
    watch.Elapsed);
var markdown = Report.Markdown(result, "dotnet run --project benchmarks/Ipv6Lambda.Benchmarks -c Release" + (args.Length == 0 ? "" : " -- " + string.Join(' ', args)));
Console.Write(markdown);
if (options.OutPath is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    await File.WriteAllTextAsync(path, markdown, ct);
    Console.Error.WriteLine($"Wrote {path}");
}

return 0;

static async Task<string> MachineAsync(CancellationToken cancellationToken)
{
    var sdk = "unknown";
    try
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false });
        if (process is not null)
        {
            sdk = (await process.StandardOutput.ReadToEndAsync(cancellationToken)).Trim();
            await process.WaitForExitAsync(cancellationToken);
        }
    }
    catch (System.ComponentModel.Win32Exception)
    {
        // No dotnet on PATH: the report says "unknown" rather than failing the run.
    }

    var configuration = typeof(BenchmarkResult).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
    return $"{Environment.ProcessorCount} logical CPUs (nproc), {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, " +
        $"SDK {sdk}, {RuntimeInformation.FrameworkDescription}, {configuration} build";
}
