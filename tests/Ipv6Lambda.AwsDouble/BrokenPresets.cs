namespace Ipv6Lambda.AwsDouble;

internal static class BrokenPresets
{
    public static Scenario Apply(Scenario healthy, BrokenCheck check) =>
        healthy with { Name = $"broken:{check}", BrokenCheck = check };
}
