using Ipv6Lambda.Fixtures.Network;
using Ipv6Lambda.Fixtures.Rules;

namespace Ipv6Lambda.Template.Tests;

/// <summary>
/// The shared rules over deployed-shaped views (AWS ids, literal CIDRs, route states), the side the template
/// projection cannot exercise.
/// </summary>
public class NetworkRulesTests
{
    private static NetworkView Deployed() => new(
        "deployed",
        "vpc-1",
        [
            new SubnetView("subnet-a", "vpc-1", "10.0.0.0/24", ["2600:1f18:abcd:ef00::/64"], "rtb-1"),
            new SubnetView("subnet-b", "vpc-1", "10.0.1.0/24", ["2600:1f18:abcd:ef01::/64"], "rtb-1"),
        ],
        [
            new RouteTableView("rtb-1", "vpc-1",
            [
                new RouteView("10.0.0.0/16", GatewayKind.Local, "local", true),
                new RouteView("2600:1f18:abcd:ef00::/56", GatewayKind.Local, "local", true),
                new RouteView("::/0", GatewayKind.EgressOnlyInternetGateway, "eigw-1", true),
            ]),
        ],
        [new GatewayView("eigw-1", GatewayKind.EgressOnlyInternetGateway, ["vpc-1"])])
    {
        VpcIpv6Cidrs = ["2600:1f18:abcd:ef00::/56"],
    };

    private static List<Finding> Run(IRule<NetworkView> rule, NetworkView view) => [.. rule.Evaluate(view)];

    [Fact]
    public void A_healthy_deployed_view_passes_every_network_rule()
    {
        NetworkRules.All.SelectMany(r => r.Evaluate(Deployed())).Should().BeEmpty();
    }

    [Fact]
    public void A_blackhole_IPv6_default_route_is_not_a_way_out()
    {
        var view = Deployed();
        view = view with { RouteTables = [view.RouteTables[0] with { Routes = [.. view.RouteTables[0].Routes.Select(r => r.Destination == "::/0" ? r with { Active = false } : r)] }] };

        Run(NetworkRules.Ipv6DefaultRouteToEgressOnlyGateway, view).Should().Contain(f => f.Subjects.Contains("rtb-1") && f.Problem.Contains("blackhole"));
    }

    [Fact]
    public void An_IPv6_default_route_to_another_VPC_s_gateway_is_reported()
    {
        var view = Deployed() with { Gateways = [new GatewayView("eigw-1", GatewayKind.EgressOnlyInternetGateway, ["vpc-2"])] };

        Run(NetworkRules.Ipv6DefaultRouteToEgressOnlyGateway, view).Should().Contain(f => f.Subjects.Contains("eigw-1") && f.Problem.Contains("vpc-2"));
    }

    [Fact]
    public void A_subnet_IPv6_block_must_be_a_64_inside_the_VPC_block()
    {
        var wide = Deployed() with { FunctionSubnets = [new SubnetView("subnet-a", "vpc-1", "10.0.0.0/24", ["2600:1f18:abcd:ef00::/56"], "rtb-1")] };
        var outside = Deployed() with { FunctionSubnets = [new SubnetView("subnet-a", "vpc-1", "10.0.0.0/24", ["2600:1f18:0:1::/64"], "rtb-1")] };

        Run(NetworkRules.DualStackSubnets, wide).Should().ContainSingle(f => f.Subjects.Contains("subnet-a") && f.Problem.Contains("/56"));
        Run(NetworkRules.DualStackSubnets, outside).Should().ContainSingle(f => f.Subjects.Contains("subnet-a") && f.Problem.Contains("outside"));
    }

    [Fact]
    public void An_IPv4_default_route_and_a_NAT_gateway_are_each_reported()
    {
        var view = Deployed();
        view = view with
        {
            RouteTables = [view.RouteTables[0] with { Routes = [.. view.RouteTables[0].Routes, new RouteView("0.0.0.0/0", GatewayKind.NatGateway, "nat-1", true)] }],
            Gateways = [.. view.Gateways, new GatewayView("nat-1", GatewayKind.NatGateway, ["vpc-1"])],
        };

        var findings = Run(NetworkRules.NoIpv4InternetEgress, view);

        findings.Should().Contain(f => f.Subjects.Contains("rtb-1") && f.Problem.Contains("0.0.0.0/0"));
        findings.Should().Contain(f => f.Subjects.SequenceEqual(new[] { "nat-1" }) && f.Problem.Contains("NAT"));
    }

    [Fact]
    public void A_function_with_no_subnets_proves_nothing()
    {
        var view = Deployed() with { FunctionSubnets = [] };

        Run(NetworkRules.DualStackSubnets, view).Should().ContainSingle();
        Run(NetworkRules.Ipv6DefaultRouteToEgressOnlyGateway, view).Should().ContainSingle();
    }

    [Fact]
    public void The_template_projection_uses_logical_ids_and_expression_CIDRs()
    {
        var view = TemplateNetworkProjection.Project(RealTemplate.Model);

        view.Source.Should().Be("template");
        view.VpcId.Should().Be("Vpc");
        view.FunctionSubnets.Select(s => s.Id).Should().Equal("SubnetA", "SubnetB");
        view.FunctionSubnets.Should().AllSatisfy(s => s.RouteTableId.Should().Be("RouteTable"));
        view.FunctionSubnets[0].Ipv6Cidrs.Should().ContainSingle().Which.Should().Contain("Vpc.Ipv6CidrBlocks");
        view.RouteTables.Should().ContainSingle().Which.Routes.Should().ContainSingle()
            .Which.Should().Be(new RouteView("::/0", GatewayKind.EgressOnlyInternetGateway, "EgressOnlyInternetGateway", null));
        view.Gateways.Should().ContainSingle().Which.AttachedVpcIds.Should().Equal("Vpc");
        view.VpcIpv6Cidrs.Should().ContainSingle();
    }
}
