using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ipv6Lambda.Handler.Tests.Infrastructure;

/// <summary>
/// Runs a copy of the probe handler (written as index.py to a temp directory) with the local python3: a small
/// driver imports it, calls handler(event, None) and prints the JSON result on a marked line.
/// </summary>
public sealed class PythonHandler
{
    public const string ResultMarker = "@@IPV6LAMBDA-RESULT@@ ";

    // The driver times the call itself so the duration checks exclude interpreter start-up.
    private const string Driver = """
        import json, sys, time
        sys.path.insert(0, sys.argv[1])
        import index
        event = json.loads(sys.stdin.read())
        started = time.monotonic()
        result = index.handler(event, None)
        call_ms = (time.monotonic() - started) * 1000
        print("@@IPV6LAMBDA-RESULT@@ " + json.dumps({"result": result, "callMs": call_ms}), flush=True)
        """;

    // Variables from the developer's shell that would change what the probe does; each test sets what it needs.
    private static readonly string[] ScrubbedVariables =
    [
        "PROBE_URL", "PROBE_TIMEOUT_SECONDS", "SSL_CERT_FILE", "SSL_CERT_DIR", "PYTHONPATH", "PYTHONSTARTUP",
        "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
    ];

    // A hang in the handler must fail the test, not the whole run.
    private static readonly TimeSpan HardLimit = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> InterpreterLazy = new(FindInterpreter);

    private static readonly Lazy<PythonHandler> TemplateLazy = new(() => new PythonHandler(HandlerSource.FromTemplate));

    public PythonHandler(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
        ModuleDirectory = Path.Combine(Path.GetTempPath(), "ipv6lambda-handler-" + hash);
        Directory.CreateDirectory(ModuleDirectory);
        var path = Path.Combine(ModuleDirectory, "index.py");
        var temp = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temp, source);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The handler exactly as template.yaml holds it.</summary>
    public static PythonHandler FromTemplate => TemplateLazy.Value;

    /// <summary>The real python3 executable (pyenv shims resolved), or null when there is none.</summary>
    public static string? Interpreter => InterpreterLazy.Value;

    public string Source { get; }

    public string ModuleDirectory { get; }

    /// <summary>Skips the calling test when this machine has no python3 to run the handler with.</summary>
    public static void SkipUnlessAvailable()
    {
        if (Interpreter is null)
        {
            Assert.Skip("python3 is not on PATH; the handler tests run the template's Python handler with it. " +
                        "Install Python 3 (the Lambda runtime is python3.13) to run them.");
        }
    }

    /// <summary>Invokes handler(event, None). Environment values replace the scrubbed ones; null removes a variable.</summary>
    public async Task<ProbeRun> InvokeAsync(
        object? @event,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var interpreter = Interpreter ?? throw new InvalidOperationException("python3 is not available.");
        var eventJson = @event is string raw ? raw : JsonSerializer.Serialize(@event);

        var start = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-I"); // isolated: no user site-packages or PYTHON* variables leak into the probe
        start.ArgumentList.Add("-B"); // -I ignores PYTHONDONTWRITEBYTECODE, so say it here
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("utf8");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Driver);
        start.ArgumentList.Add(ModuleDirectory);
        foreach (var name in ScrubbedVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
            if (value is null)
            {
                start.Environment.Remove(name);
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {interpreter}.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(HardLimit);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await process.StandardInput.WriteAsync(eventJson.AsMemory(), limit.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(limit.Token);
            clock.Stop();
            return Parse(eventJson, process.ExitCode, await stdout, await stderr, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The handler did not return within {HardLimit.TotalSeconds:0} s for event {eventJson}; " +
                "a probe must honour its own timeout. Fix the handler's deadline handling.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static ProbeRun Parse(string eventJson, int exitCode, string stdout, string stderr, TimeSpan wall)
    {
        JsonElement? result = null;
        double? callMs = null;
        var logLines = new List<string>();
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith(ResultMarker, StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line[ResultMarker.Length..]);
                result = document.RootElement.GetProperty("result").Clone();
                callMs = document.RootElement.GetProperty("callMs").GetDouble();
            }
            else if (line.Length > 0)
            {
                logLines.Add(line);
            }
        }

        return new ProbeRun(eventJson, exitCode, stdout, stderr, result, callMs, logLines, wall);
    }

    private static string? FindInterpreter()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "python3"))
            .FirstOrDefault(File.Exists);
        if (onPath is null)
        {
            return null;
        }

        // pyenv-style shims are shell scripts that cost tens of milliseconds per start; ask once for the real binary.
        var start = new ProcessStartInfo(onPath, ["-c", "import sys; print(sys.executable)"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var executable = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return null;
            }

            return File.Exists(executable) ? executable : onPath;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
