using System.Diagnostics;
using System.Reflection;
using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.Sweeper.Tests;

/// <summary>What a finished subprocess printed.</summary>
public sealed record SubprocessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}stderr:{Environment.NewLine}{StandardError}";
}

/// <summary>
/// Starts the built acceptance suite or CLI with an environment holding only what the run needs: the machine's own
/// AWS config and credentials cannot leak in, and the instance metadata service (off-machine) is never asked.
/// </summary>
public static class Subprocess
{
    public const string DummyAccessKey = SealedProcess.DummyAccessKey;

    public static string AcceptanceAssemblyPath { get; } = Embedded("AcceptanceAssemblyPath");

    public static string CliAssemblyPath { get; } = Embedded("CliAssemblyPath");

    /// <summary>Dummy keys, the double's endpoint and region, its account allowed.</summary>
    public static Dictionary<string, string> EnvironmentFor(AwsDoubleServer server) =>
        SealedProcess.EnvironmentFor(server, "ipv6lambda-sweeper-tests");

    /// <summary>Starts <paramref name="assemblyPath"/> under `dotnet exec`; the caller owns (and must dispose) the process.</summary>
    public static Process Start(string assemblyPath, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, DirectoryInfo work)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(work);
        var start = SealedProcess.StartInfo(assemblyPath, arguments, environment, work);
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {assemblyPath}.");
    }

    /// <summary>Runs the built CLI to completion.</summary>
    public static async Task<SubprocessResult> RunCliAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("ipv6lambda-cli-");
        try
        {
            using var process = Start(CliAssemblyPath, arguments, environment, work);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new SubprocessResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Embedded(string key) =>
        typeof(Subprocess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"This assembly has no {key} metadata; build it with its project file, which embeds the path.");
}
