namespace Ipv6Lambda.Cli;

/// <summary>A small dispatcher: the first argument names the command, the rest are its own.</summary>
public static class Program
{
    /// <summary>Every command, in the order the usage text lists them.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new SweepCommand(),
        new ReportCommand(),
    ];

    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // Ctrl+C cancels the command, which then reports what it had done, instead of killing the process mid-call.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await RunAsync(args, CliContext.FromConsole(), cancellation.Token);
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await WriteUsageAsync(args.Count == 0 ? context.Error : context.Output);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            await context.Error.WriteLineAsync($"error: unknown command '{args[0]}'; use one of: {string.Join(", ", Commands.Select(c => c.Name))}.");
            return ExitCodes.Usage;
        }

        try
        {
            return await command.RunAsync([.. args.Skip(1)], context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"error: {command.Name} was cancelled.");
            return ExitCodes.Failed;
        }
    }

    private static async Task WriteUsageAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: dotnet run --project tools/Ipv6Lambda.Cli -- <command> [options]");
        await writer.WriteLineAsync("commands:");
        foreach (var command in Commands)
        {
            await writer.WriteLineAsync($"  {command.Name,-10} {command.Summary}");
        }

        await writer.WriteLineAsync("Use <command> --help for its options.");
    }
}
