using Ipv6Lambda.Handler.Tests.Infrastructure;

namespace Ipv6Lambda.Handler.Tests;

/// <summary>
/// A test that cannot fail is a defect: each scenario above is run against a handler broken in exactly the way it
/// exists to catch, and must fail there. Mutants are made in memory from the template's handler, never stored.
/// </summary>
public class MutationTests
{
    private delegate Task Scenario(PythonHandler handler, CancellationToken cancellationToken);

    public static TheoryData<string> MutantNames => [.. Mutants.Keys];

    private static readonly Dictionary<string, (string Find, string Replace, Scenario Scenario)> Mutants = new()
    {
        ["3xx counted as failure"] = (
            "\"ok\": 200 <= status < 400", "\"ok\": 200 <= status < 300",
            HttpEvidenceTests.RedirectScenario),
        ["4xx reported without an error"] = (
            "\"error\": None if 200 <= status < 400 else", "\"error\": None if True else",
            (h, ct) => HttpEvidenceTests.ErrorStatusScenario(h, 404, "Not Found", ct)),
        ["elapsedMs is a float"] = (
            "int((time.monotonic() - started) * 1000)", "(time.monotonic() - started) * 1000 + 0.5",
            HttpEvidenceTests.SuccessScenario),
        ["an extra evidence key"] = (
            "\"elapsedMs\": 0, \"error\": None}", "\"elapsedMs\": 0, \"error\": None, \"debug\": True}",
            HttpEvidenceTests.SuccessScenario),
        ["Host header without the port"] = (
            "host = parts.netloc.rsplit(\"@\", 1)[-1]", "host = parts.hostname",
            HttpEvidenceTests.SingleGetScenario),
        ["PROBE_URL ignored"] = (
            "os.environ.get(\"PROBE_URL\")", "os.environ.get(\"PROBE_URL_IGNORED\") or \"http://[::1]:9/\"",
            HttpEvidenceTests.DefaultUrlScenario),
        ["no log line"] = (
            "print(json.dumps({\"probe\": result}, sort_keys=True))", "pass",
            HttpEvidenceTests.OneLogLineScenario),
        ["two log lines"] = (
            "print(json.dumps({\"probe\": result}, sort_keys=True))",
            "print(json.dumps({\"probe\": result}, sort_keys=True)); print(\"probe done\")",
            HttpEvidenceTests.OneLogLineScenario),
        ["resolves any family"] = (
            "socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)",
            "socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)",
            NetworkFailureTests.NoIpv4FallbackScenario),
        ["ipv4 probe resolves any family"] = (
            "socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)",
            "socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)",
            NetworkFailureTests.Ipv4OfIpv6OnlyScenario),
        ["peer dropped when the request fails"] = (
            "result[\"remoteAddress\"] = str(", "_ = str(",
            HttpsTests.UntrustedScenario),
        ["timeout cut short"] = (
            "sock.settimeout(max(deadline - time.monotonic(), 0.001))",
            "sock.settimeout(max(deadline - time.monotonic(), 0.001) / 2)",
            NetworkFailureTests.TimeoutScenario),
        ["certificate verification off"] = (
            "ssl.create_default_context()", "ssl._create_unverified_context()",
            HttpsTests.UntrustedScenario),
        ["invalid input raises"] = (
            "except Exception as error:", "except OSError as error:",
            (h, ct) => InputValidationTests.InvalidEventScenario(h, """{"family": "ipx", "url": "{server}"}""", "family", ct)),
        ["invalid timeout accepted"] = (
            "if not 0 < seconds <= 900:", "if False:",
            (h, ct) => InputValidationTests.InvalidEventScenario(h, """{"url": "{server}", "timeoutSeconds": -1}""", "timeoutSeconds", ct)),
    };

    [Theory]
    [MemberData(nameof(MutantNames))]
    public async Task Each_scenario_fails_on_the_broken_handler_it_exists_to_catch(string mutantName)
    {
        PythonHandler.SkipUnlessAvailable();
        var (find, replace, scenario) = Mutants[mutantName];
        var source = HandlerSource.FromTemplate;
        source.Should().Contain(find,
            "mutant '{0}' breaks the handler by editing that line; the template no longer has it, so update the " +
            "mutant to the handler's new wording", mutantName);
        var mutant = new PythonHandler(source.Replace(find, replace, StringComparison.Ordinal));

        var act = () => scenario(mutant, TestContext.Current.CancellationToken);

        var failure = await act.Should().ThrowAsync<Exception>(
            "the scenario must catch the mutant '{0}'; it passed against the broken handler, so it cannot fail",
            mutantName);
        TestContext.Current.TestOutputHelper?.WriteLine($"caught '{mutantName}': {failure.Which.Message}");
    }
}
