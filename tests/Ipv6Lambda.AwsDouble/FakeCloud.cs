namespace Ipv6Lambda.AwsDouble;

/// <summary>The account the double plays: stacks, and the EC2 and Lambda objects they deployed. Thread-safe.</summary>
public sealed class FakeCloud
{
    private readonly Lock _gate = new();

    internal FakeCloud(Scenario scenario)
    {
        Scenario = scenario;
    }

    public Scenario Scenario { get; }

    public DateTimeOffset Now => Scenario.Time.GetUtcNow();

    internal Lock Gate => _gate;
}
