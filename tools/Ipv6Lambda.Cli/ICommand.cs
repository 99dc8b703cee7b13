namespace Ipv6Lambda.Cli;

/// <summary>One verb of the command line. Add a command by writing a class and listing it in <see cref="Program.Commands"/>.</summary>
public interface ICommand
{
    /// <summary>The verb, e.g. "sweep".</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The arguments after the verb; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    Task<int> RunAsync(IReadOnlyList<string> arguments, CliContext context, CancellationToken cancellationToken);
}
