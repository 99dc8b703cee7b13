using System.Globalization;

namespace Ipv6Lambda.Benchmarks;

/// <summary>The command line: <c>[--runs N] [--scale S] [--seed N] [--out PATH] [--offline-suite] …</c>.</summary>
public sealed record BenchmarkOptions
{
    public const string Usage =
        "usage: dotnet run --project benchmarks/Ipv6Lambda.Benchmarks -c Release -- [--runs N] [--scale S] [--seed N] [--out PATH]\n" +
        "         [--poll-interval SECONDS] [--baseline-interval SECONDS] [--invoke-latency MS] [--events-page-size N]\n" +
        "         [--offline-suite] [--test-artifacts PATH]\n" +
        "  --runs N               stack timelines to sample (default 20); all run at once, each against its own double\n" +
        "  --scale S              multiplies each create time drawn from 5-60 s (default 1: unscaled); poll intervals are never scaled\n" +
        "  --seed N               seed of the create-time draw (default 4242)\n" +
        "  --out PATH             also write the Markdown report there\n" +
        "  --poll-interval S      override the fixture's CreatePollInterval (default: the fixture's own PollingOptions)\n" +
        "  --baseline-interval S  the baseline waiter's fixed interval (default 30, the AWS CLI waiter's)\n" +
        "  --invoke-latency MS    the double delays each Invoke by MS (default 0: the double answers at once)\n" +
        "  --events-page-size N   events per DescribeStackEvents page in the double (default 5, the double's own; AWS pages by size, up to 1 MB)\n" +
        "  --offline-suite        also time `dotnet test --no-build` of the whole solution (live tests skip: no credentials)\n" +
        "  --test-artifacts PATH  pass --artifacts-path PATH to that dotnet test (where the solution was built)";

    public int Runs { get; init; } = 20;

    public double Scale { get; init; } = 1.0;

    public int Seed { get; init; } = 4242;

    public string? OutPath { get; init; }

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan BaselineInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan InvokeLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Events per DescribeStackEvents page; null keeps the double's default.</summary>
    public int? EventsPageSize { get; init; }

    public bool OfflineSuite { get; init; }

    public string? TestArtifactsPath { get; init; }

    /// <summary>The shortest and longest create time of the scripted timelines, before scaling.</summary>
    public static readonly TimeSpan MinCreate = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MaxCreate = TimeSpan.FromSeconds(60);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason and the fix.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }

                return args[++i];
            }

            double Number(double min, double max)
            {
                var name = args[i];
                var text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{name} '{text}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            }

            options = args[i] switch
            {
                "--runs" => options with { Runs = (int)Number(1, 500) },
                "--scale" => options with { Scale = Number(0.001, 10) },
                "--seed" => options with { Seed = (int)Number(0, int.MaxValue) },
                "--out" => options with { OutPath = Path.GetFullPath(Value()) },
                "--poll-interval" => options with { PollInterval = TimeSpan.FromSeconds(Number(0.01, 600)) },
                "--baseline-interval" => options with { BaselineInterval = TimeSpan.FromSeconds(Number(0.01, 600)) },
                "--invoke-latency" => options with { InvokeLatency = TimeSpan.FromMilliseconds(Number(0, 60_000)) },
                "--events-page-size" => options with { EventsPageSize = (int)Number(1, 1000) },
                "--offline-suite" => options with { OfflineSuite = true },
                "--test-artifacts" => options with { TestArtifactsPath = Path.GetFullPath(Value()) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    /// <summary>The scripted create times: uniform in [5 s, 60 s] from the seed, then multiplied by the scale.</summary>
    public IReadOnlyList<TimeSpan> CreateDurations()
    {
        var random = new Random(Seed);
        return [.. Enumerable.Range(0, Runs).Select(_ =>
            (MinCreate + ((MaxCreate - MinCreate) * random.NextDouble())) * Scale)];
    }
}
