using Ipv6Lambda.Fixtures.Network;
using Ipv6Lambda.Fixtures.Snapshot;

namespace Ipv6Lambda.Fixture.Tests;

public sealed class DeployedNetworkProjectionTests
{
    private static RouteSnapshot Route(string? v4 = null, string? v6 = null, string? gateway = null, string? eigw = null, string? nat = null, string state = "active") =>
        new(v4, v6, null, gateway, eigw, nat, null, null, null, null, state);

    private static DeployedSnapshot Snapshot(params RouteTableSnapshot[] tables) => new(
        "stack", "arn:stack", "us-east-1", new Dictionary<string, string>(), [],
        new VpcSnapshot("vpc-1", "10.0.0.0/16", [new Ipv6CidrAssociation("a1", "2600:1f18:1:100::/56", "associated", "Amazon")]),
        [
            new SubnetSnapshot("subnet-a", "vpc-1", "us-east-1a", "10.0.0.0/24", [new Ipv6CidrAssociation("s1", "2600:1f18:1:100::/64", "associated", null)]),
            new SubnetSnapshot("subnet-b", "vpc-1", "us-east-1b", "10.0.1.0/24", [new Ipv6CidrAssociation("s2", "2600:1f18:1:101::/64", "disassociated", null)]),
        ],
        tables,
        [new GatewaySnapshot("eigw-1", GatewaySnapshotKind.EgressOnlyInternetGateway, [new GatewayAttachmentSnapshot("vpc-1", "attached")])],
        new SecurityGroupSnapshot("sg-1", "vpc-1", "sg"),
        new FunctionSnapshot("fn", null, "Active", null, "Successful", "vpc-1", ["subnet-a", "subnet-b"], ["sg-1"], true),
        []);

    [Fact]
    public void A_subnet_without_an_explicit_association_uses_the_main_route_table()
    {
        var view = DeployedNetworkProjection.Project(Snapshot(
            new RouteTableSnapshot("rtb-explicit", "vpc-1", false, ["subnet-a"], [Route(v6: "::/0", eigw: "eigw-1")]),
            new RouteTableSnapshot("rtb-main", "vpc-1", true, [], [Route(v4: "0.0.0.0/0", gateway: "igw-1")])));

        view.Source.Should().Be("deployed");
        view.FunctionSubnets.Select(s => (s.Id, s.RouteTableId)).Should().Equal(("subnet-a", "rtb-explicit"), ("subnet-b", "rtb-main"));
        view.VpcIpv6Cidrs.Should().Equal("2600:1f18:1:100::/56");
        view.FunctionSubnets[1].Ipv6Cidrs.Should().BeEmpty("only associated IPv6 blocks carry traffic");
        NetworkRules.NoIpv4InternetEgress.Evaluate(view).Should().ContainSingle(f => f.Subjects.Contains("rtb-main"), "the main table's IPv4 route to igw-1 is caught");
    }

    [Theory]
    [InlineData(null, "eigw-1", null, "active", GatewayKind.EgressOnlyInternetGateway, true)]
    [InlineData("igw-1", null, null, "active", GatewayKind.InternetGateway, true)]
    [InlineData(null, null, "nat-1", "blackhole", GatewayKind.NatGateway, false)]
    [InlineData("local", null, null, "active", GatewayKind.Local, true)]
    public void A_route_projects_its_target_kind_from_the_id_that_is_set_and_its_state_to_active(
        string? gateway, string? eigw, string? nat, string state, GatewayKind kind, bool active)
    {
        var route = DeployedNetworkProjection.ProjectRoute(Route(v6: "::/0", gateway: gateway, eigw: eigw, nat: nat, state: state));

        route.TargetKind.Should().Be(kind);
        route.Active.Should().Be(active);
    }
}
