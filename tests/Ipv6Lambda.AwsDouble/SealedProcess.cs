using System.Diagnostics;

namespace Ipv6Lambda.AwsDouble;

/// <summary>
/// Starts a built .NET assembly (the acceptance suite, the CLI) against a double with an environment that holds only
/// what the run needs: the machine's own AWS config and credentials cannot leak in, and the instance metadata
/// service, which is off this machine, is never asked.
/// </summary>
public static class SealedProcess
{
    public const string DummyAccessKey = "AKIAIOSFODNN7EXAMPLE";

    public const string DummySecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>Dummy keys and the given session token, the double's endpoint and region, its account allowed.</summary>
    public static Dictionary<string, string> EnvironmentFor(AwsDoubleServer server, string sessionToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new()
        {
            ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = DummyAccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = DummySecretKey,
            ["AWS_SESSION_TOKEN"] = sessionToken,
            ["AWS_REGION"] = server.Scenario.Region,
            ["IPV6LAMBDA_ALLOWED_ACCOUNTS"] = server.Scenario.Account,
        };
    }

    /// <summary>`dotnet exec <paramref name="assemblyPath"/>` in <paramref name="work"/>, with only <paramref name="environment"/> added.</summary>
    public static ProcessStartInfo StartInfo(string assemblyPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, DirectoryInfo work)
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

        return start;
    }

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
