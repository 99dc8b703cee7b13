using System.Text.Json;

namespace Ipv6Lambda.Handler.Tests.Infrastructure;

/// <summary>Checks every probe run shares: it returned instead of raising, with the full evidence shape.</summary>
public static class ProbeAssertions
{
    public static void Log(ProbeRun run) => TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

    /// <summary>The handler exited cleanly and returned a dict with exactly the seven contract keys.</summary>
    public static ProbeEvidence ShouldReturnEvidence(this ProbeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.ExitCode.Should().Be(0,
            "handler(event, None) must return failure as evidence and never raise; it exited with a traceback:\n{0}",
            run.Describe());
        var evidence = run.Evidence;
        evidence.Raw.ValueKind.Should().Be(JsonValueKind.Object, "the handler returns a dict; got {0}", evidence);
        evidence.Keys.Should().BeEquivalentTo(ProbeEvidence.ContractKeys,
            "the evidence contract is exactly ok, url, status, remoteAddress, addressFamily, elapsedMs, error; " +
            "got {0}. Fix the dict the handler returns", evidence);
        evidence.Ok.Should().NotBeNull("ok must be a JSON boolean, got {0}", evidence);
        evidence.ElapsedMs.Should().NotBeNull("elapsedMs must be an integer number of milliseconds, got {0}", evidence);
        evidence.ElapsedMs.Should().BeGreaterThanOrEqualTo(0, "elapsed time cannot be negative; got {0}", evidence);
        evidence.KindOf("elapsedMs").Should().Be(JsonValueKind.Number);
        evidence.Raw.GetProperty("elapsedMs").GetRawText().Should().MatchRegex("^[0-9]+$",
            "elapsedMs is an int, not a float; got {0}. Fix: int(... * 1000)", evidence);
        return evidence;
    }

    /// <summary>A failed probe: ok false, a non-empty error, and the handler still returned normally.</summary>
    public static ProbeEvidence ShouldReturnFailure(this ProbeRun run)
    {
        var evidence = run.ShouldReturnEvidence();
        evidence.Ok.Should().BeFalse("this probe cannot succeed; got {0}", evidence);
        evidence.Error.Should().NotBeNullOrWhiteSpace(
            "a failed probe says why in error so the operator can act on it; got {0}", evidence);
        return evidence;
    }

    /// <summary>Exactly one stdout line, a JSON object carrying this probe's evidence.</summary>
    public static void ShouldLogOneStructuredLine(this ProbeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.LogLines.Should().HaveCount(1,
            "each probe logs exactly one structured JSON line so CloudWatch Logs Insights can query it; stdout was:\n{0}",
            run.Stdout);
        JsonElement logged;
        try
        {
            using var document = JsonDocument.Parse(run.LogLines[0]);
            logged = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new Xunit.Sdk.XunitException(
                $"The probe's log line is not JSON ({error.Message}): {run.LogLines[0]}. Fix: print(json.dumps(...)).");
        }

        logged.ValueKind.Should().Be(JsonValueKind.Object, "the log line is a JSON object; got {0}", run.LogLines[0]);
        var probe = logged.TryGetProperty("probe", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : logged;
        var evidence = run.Evidence;
        foreach (var key in ProbeEvidence.ContractKeys.Where(k => k != "elapsedMs"))
        {
            probe.TryGetProperty(key, out var value).Should().BeTrue(
                "the log line carries the probe's evidence, including {0}; got {1}", key, run.LogLines[0]);
            JsonElement.DeepEquals(value, evidence.Raw.GetProperty(key)).Should().BeTrue(
                "the logged {0} must match the returned one; logged {1}, returned {2}", key, run.LogLines[0], evidence);
        }
    }
}
