using System.Net;
using System.Net.Sockets;
using Ipv6Lambda.Fixtures.Network;
using Ipv6Lambda.Fixtures.Rules;
using Ipv6Lambda.Fixtures.Snapshot;

namespace Ipv6Lambda.Acceptance.Tests;

/// <summary>
/// The mission: a Lambda function in a dual-stack VPC reaches the IPv6 internet through an egress-only internet
/// gateway, and has no IPv4 way out. Each test reads the one snapshot the assembly fixture took, or invokes the function.
/// </summary>
[Trait("Category", "Live")]
public sealed class LiveStackTests(LiveStackFixture fixture)
{
    [Fact]
    public void The_VPC_has_an_associated_Amazon_provided_IPv6_56()
    {
        var vpc = fixture.Require().Snapshot.Vpc;

        var blocks = vpc.Ipv6Associations
            .Where(a => a.State == "associated" && a.Ipv6Pool == "Amazon" && PrefixLength(a.Ipv6Cidr) == 56)
            .ToList();

        blocks.Should().NotBeEmpty(
            "VPC {0} must have an associated Amazon-provided IPv6 /56 (state associated, pool Amazon), but its IPv6 associations are [{1}]; " +
            "fix: add an AWS::EC2::VPCCidrBlock with AmazonProvidedIpv6CidrBlock: true",
            vpc.VpcId,
            string.Join("; ", vpc.Ipv6Associations.Select(a => $"{a.AssociationId} {a.Ipv6Cidr ?? "no CIDR"} state {a.State ?? "unknown"} pool {a.Ipv6Pool ?? "unknown"}")));
    }

    [Fact]
    public void Every_function_subnet_is_dual_stack_inside_the_VPC_IPv6_block()
    {
        var view = DeployedNetworkProjection.Project(fixture.Require().Snapshot);

        ShouldPass(NetworkRules.DualStackSubnets, view);
    }

    [Fact]
    public void Every_function_subnet_routes_IPv6_through_an_egress_only_gateway_of_its_VPC()
    {
        var view = DeployedNetworkProjection.Project(fixture.Require().Snapshot);

        ShouldPass(NetworkRules.Ipv6DefaultRouteToEgressOnlyGateway, view);
    }

    [Fact]
    public void No_function_subnet_routes_IPv4_to_an_internet_gateway_or_NAT()
    {
        var view = DeployedNetworkProjection.Project(fixture.Require().Snapshot);

        ShouldPass(NetworkRules.NoIpv4InternetEgress, view);
    }

    [Fact]
    public void The_function_is_Active_dual_stack_and_attached_to_the_stack_network()
    {
        var snapshot = fixture.Require().Snapshot;
        var function = snapshot.Function;
        var stackSubnets = snapshot.FunctionSubnets.Select(s => s.SubnetId).ToList();

        function.Ipv6AllowedForDualStack.Should().Be(true,
            "function {0} must set VpcConfig.Ipv6AllowedForDualStack so its outbound IPv6 uses the subnets' IPv6 addresses, but it is {1}; fix: set Ipv6AllowedForDualStack: true",
            function.FunctionName, function.Ipv6AllowedForDualStack?.ToString() ?? "unset");
        function.VpcId.Should().Be(snapshot.Vpc.VpcId,
            "function {0} must run in the stack's VPC {1}; fix: point VpcConfig at the stack's subnets", function.FunctionName, snapshot.Vpc.VpcId);
        function.SubnetIds.Should().BeEquivalentTo(stackSubnets,
            "function {0} must be attached to exactly the stack's subnets [{1}], but has [{2}]; fix: VpcConfig.SubnetIds",
            function.FunctionName, string.Join(", ", stackSubnets), string.Join(", ", function.SubnetIds));
        function.SecurityGroupIds.Should().BeEquivalentTo([snapshot.SecurityGroup.GroupId],
            "function {0} must use only the stack's security group {1}, but has [{2}]; fix: VpcConfig.SecurityGroupIds",
            function.FunctionName, snapshot.SecurityGroup.GroupId, string.Join(", ", function.SecurityGroupIds));
        function.State.Should().Be("Active",
            "function {0} must be Active to be invoked, but is {1} ({2}); fix: read StateReason, often the role's EC2 ENI permissions",
            function.FunctionName, function.State ?? "unknown", function.StateReason ?? "no reason");
    }

    [Fact]
    public void The_function_has_an_IPv6_addressed_ENI_in_every_function_subnet()
    {
        var snapshot = fixture.Require().Snapshot;
        var problems = new List<string>();

        foreach (var subnet in snapshot.FunctionSubnets)
        {
            var enis = snapshot.NetworkInterfaces.Where(n => n.SubnetId == subnet.SubnetId).ToList();
            if (enis.Count == 0)
            {
                problems.Add($"subnet {subnet.SubnetId}: expected at least one Lambda ENI with security group {snapshot.SecurityGroup.GroupId}, found none " +
                    $"(ENIs found: {Describe(snapshot.NetworkInterfaces)}); fix: keep the subnet in VpcConfig.SubnetIds and wait for the function to be Active");
                continue;
            }

            var networks = subnet.AssociatedIpv6Cidrs.Select(c => IPNetwork.TryParse(c, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>().ToList();
            foreach (var eni in enis)
            {
                var inside = eni.Ipv6Addresses.Where(a => IPAddress.TryParse(a, out var ip) && networks.Any(n => n.Contains(ip))).ToList();
                if (inside.Count == 0)
                {
                    problems.Add($"ENI {eni.NetworkInterfaceId} in subnet {subnet.SubnetId}: expected an IPv6 address inside [{string.Join(", ", subnet.AssociatedIpv6Cidrs)}], " +
                        $"found [{string.Join(", ", eni.Ipv6Addresses)}]; fix: AssignIpv6AddressOnCreation on the subnet and Ipv6AllowedForDualStack on the function");
                }
            }
        }

        problems.Should().BeEmpty("every function subnet needs a Lambda ENI with an IPv6 address of that subnet's /64");
    }

    [Fact]
    public async Task An_invocation_reaches_the_probe_URL_over_IPv6()
    {
        var stack = fixture.Require();

        var probe = await ProbeInvocation.InvokeAsync(
            stack.Lambda, stack.Snapshot.Function.FunctionName, new { family = "ipv6" }, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(probe.Evidence);
        fixture.RecordProbe("IPv6 reach", "ipv6", probe);

        probe.Response.FunctionError.Should().BeNull(
            "the probe reports failures as evidence and must never raise; fix: read the log tail below (a runtime crash or timeout) and redeploy the handler; {0}",
            probe.Evidence);
        probe.Ok.Should().Be(true,
            "the probe must reach {0} over IPv6 through the egress-only gateway; fix: check the ::/0 route to the EIGW in route tables [{1}], " +
            "HTTPS egress to ::/0 in security group {2}, and that the URL has an AAAA record; {3}",
            probe.Url ?? "the probe URL", string.Join(", ", stack.Snapshot.EffectiveRouteTables.Select(t => t.RouteTableId)),
            stack.Snapshot.SecurityGroup.GroupId, probe.Evidence);
        probe.Status.Should().BeInRange(200, 399, "a reached URL answers 2xx or 3xx; {0}", probe.Evidence);
        probe.AddressFamily.Should().Be("IPv6", "the probe must have used IPv6; {0}", probe.Evidence);
        IPAddress.TryParse(probe.RemoteAddress, out var remote).Should().BeTrue("remoteAddress must be an IP address; {0}", probe.Evidence);
        remote!.AddressFamily.Should().Be(AddressFamily.InterNetworkV6, "the peer {0} must be an IPv6 address; {1}", probe.RemoteAddress, probe.Evidence);
    }

    [Fact]
    public async Task An_IPv4_invocation_does_not_reach_the_internet()
    {
        var stack = fixture.Require();
        var url = stack.Settings.Ipv4ControlUrl.ToString();

        var probe = await ProbeInvocation.InvokeAsync(
            stack.Lambda, stack.Snapshot.Function.FunctionName, new { family = "ipv4", url, timeoutSeconds = 5 }, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(probe.Evidence);
        fixture.RecordProbe("IPv4 control", "ipv4", probe);

        // The control only means something when the probe ran: a raised error would "fail" for the wrong reason.
        probe.Response.FunctionError.Should().BeNull(
            "the IPv4 control must run the probe, which reports failure as evidence; fix: read the log tail below and redeploy the handler; {0}", probe.Evidence);
        probe.Ok.Should().Be(false,
            "function {0} must have no IPv4 way to the internet (no NAT, no internet gateway, no 0.0.0.0/0), yet it reached {1} over IPv4 " +
            "(status {2}, remote {3}); fix: remove the IPv4 default route from route tables [{4}]; {5}",
            stack.Snapshot.Function.FunctionName, url, probe.Status?.ToString() ?? "none", probe.RemoteAddress ?? "none",
            string.Join(", ", stack.Snapshot.EffectiveRouteTables.Select(t => t.RouteTableId)), probe.Evidence);
    }

    private static void ShouldPass(IRule<NetworkView> rule, NetworkView view)
    {
        var findings = rule.Evaluate(view).ToList();
        findings.Should().BeEmpty(
            "rule {0} ({1}) must hold for the deployed stack (VPC {2}, subnets {3}), but: {4}",
            rule.Id, rule.Description, view.VpcId ?? "unknown", string.Join(", ", view.FunctionSubnets.Select(s => s.Id)),
            string.Join(" | ", findings.Select(f => f.ToString())));
    }

    private static int? PrefixLength(string? cidr) => IPNetwork.TryParse(cidr, out var network) ? network.PrefixLength : null;

    private static string Describe(IReadOnlyList<NetworkInterfaceSnapshot> interfaces) =>
        interfaces.Count == 0 ? "none" : string.Join("; ", interfaces.Select(n => $"{n.NetworkInterfaceId} in {n.SubnetId}"));
}
