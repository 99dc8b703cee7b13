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
    public const string DummyAccessKey = "AKIAIOSFODNN7EXAMPLE";

    public static string AcceptanceAssemblyPath { get; } = Embedded("AcceptanceAssemblyPath");

    public static string CliAssemblyPath { get; } = Embedded("CliAssemblyPath");

    /// <summary>Dummy keys, the double's endpoint and region, its account allowed.</summary>
    public static Dictionary<string, string> EnvironmentFor(AwsDoubleServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new()
        {
            ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = DummyAccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ["AWS_SESSION_TOKEN"] = "ipv6lambda-sweeper-tests",
            ["AWS_REGION"] = server.Scenario.Region,
            ["IPV6LAMBDA_ALLOWED_ACCOUNTS"] = server.Scenario.Account,
        };
    }

    /// <summary>Starts <paramref name="assemblyPath"/> under `dotnet exec`; the caller owns (and must dispose) the process.</summary>
    public static Process Start(string assemblyPath, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, DirectoryInfo work)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(work);
        var start = new ProcessStartInfo(DotnetHost(), ["exec", assemblyPath, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work.FullName,
        };
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("IPV6LAMBDA_", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["HOME"] = work.FullName;
        start.Environment["USERPROFILE"] = work.FullName;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(work.FullName, "aws-config-absent");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(work.FullName, "aws-credentials-absent");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

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

    private static string DotnetHost()
    {
        // The CLI tells child processes which host it is; a test run outside it falls back to the dotnet on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var process = Environment.ProcessPath;
        return process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
    }
}
