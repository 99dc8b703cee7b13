using Ipv6Lambda.Handler.Tests.Infrastructure;

namespace Ipv6Lambda.Handler.Tests;

/// <summary>Bad events are answered with evidence naming the bad field; the handler never raises for them.</summary>
public class InputValidationTests
{
    public static TheoryData<string, string> InvalidEvents => new()
    {
        { """{"family": "ipx", "url": "{server}"}""", "family" },
        { """{"url": "ftp://x"}""", "url" },
        { """{"url": "http://"}""", "url" },
        { """{"url": "{server}", "timeoutSeconds": -1}""", "timeoutSeconds" },
        { """{"url": "{server}", "timeoutSeconds": 0}""", "timeoutSeconds" },
        { """{"url": "{server}", "timeoutSeconds": 901}""", "timeoutSeconds" },
        { """{"url": "{server}", "timeoutSeconds": "abc"}""", "abc" },
        { """{"url": "{server}", "timeoutSeconds": "nan"}""", "timeoutSeconds" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task An_invalid_event_returns_an_error_and_never_raises(string eventTemplate, string named) =>
        await InvalidEventScenario(PythonHandler.FromTemplate, eventTemplate, named, TestContext.Current.CancellationToken);

    internal static async Task InvalidEventScenario(
        PythonHandler handler, string eventTemplate, string named, CancellationToken cancellationToken)
    {
        PythonHandler.SkipUnlessAvailable();
        await using var server = LoopbackHttpServer.Start(_ => ServerReply.Status200);
        var eventJson = eventTemplate.Replace("{server}", server.UrlFor("/"), StringComparison.Ordinal);

        var run = await handler.InvokeAsync(eventJson, cancellationToken);
        ProbeAssertions.Log(run);

        var evidence = run.ShouldReturnFailure();
        evidence.Error.Should().Contain(named, "the error names what was wrong with {0}; got {1}", eventJson, evidence);
        evidence.Status.Should().BeNull();
        server.ConnectionCount.Should().Be(0, "an invalid event must be rejected before any connection; event {0}", eventJson);
        run.ShouldLogOneStructuredLine();
    }
}
