namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>The method names of the 8 live tests, as the result XML reports them.</summary>
public static class LiveTests
{
    public const string VpcIpv6 = "The_VPC_has_an_associated_Amazon_provided_IPv6_56";
    public const string DualStack = "Every_function_subnet_is_dual_stack_inside_the_VPC_IPv6_block";
    public const string Ipv6Route = "Every_function_subnet_routes_IPv6_through_an_egress_only_gateway_of_its_VPC";
    public const string NoIpv4Route = "No_function_subnet_routes_IPv4_to_an_internet_gateway_or_NAT";
    public const string Function = "The_function_is_Active_dual_stack_and_attached_to_the_stack_network";
    public const string Enis = "The_function_has_an_IPv6_addressed_ENI_in_every_function_subnet";
    public const string Probe = "An_invocation_reaches_the_probe_URL_over_IPv6";
    public const string Ipv4Control = "An_IPv4_invocation_does_not_reach_the_internet";

    public static IReadOnlyList<string> All { get; } = [VpcIpv6, DualStack, Ipv6Route, NoIpv4Route, Function, Enis, Probe, Ipv4Control];
}
