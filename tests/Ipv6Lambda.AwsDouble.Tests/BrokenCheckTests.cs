using System.Text.Json;
using Amazon.EC2.Model;

namespace Ipv6Lambda.AwsDouble.Tests;

/// <summary>
/// Every broken-check preset breaks exactly the evidence its live check reads, as seen through the real EC2 client
/// and the Lambda wire, and the healthy scenario breaks none of it.
/// </summary>
public sealed class BrokenCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Evidence(
        bool VpcHasIpv6,
        bool EverySubnetHasIpv6,
        string? DefaultRouteState,
        bool DefaultRouteGatewayInVpc,
        bool Ipv4DefaultRouteToIgw,
        bool Ipv4DefaultRouteToNat,
        bool DualStackAllowed,
        string State,
        bool EveryEniHasIpv6,
        bool EniInEverySubnet,
        bool SecurityGroupAllowsHttpsOverIpv6,
        bool Ipv6ProbeOk,
        bool FunctionError,
        bool Ipv4ProbeOk);

    private static bool Breaks(BrokenCheck check, Evidence e) => check switch
    {
        BrokenCheck.VpcWithoutIpv6 => !e.VpcHasIpv6,
        BrokenCheck.SubnetWithoutIpv6 => !e.EverySubnetHasIpv6,
        BrokenCheck.Ipv6DefaultRouteMissing => e.DefaultRouteState is null,
        BrokenCheck.Ipv6DefaultRouteBlackhole => e.DefaultRouteState == "blackhole",
        BrokenCheck.Ipv6RouteToForeignEgressOnlyGateway => e.DefaultRouteState == "active" && !e.DefaultRouteGatewayInVpc,
        BrokenCheck.Ipv4DefaultRouteToInternetGateway => e.Ipv4DefaultRouteToIgw,
        BrokenCheck.Ipv4DefaultRouteToNatGateway => e.Ipv4DefaultRouteToNat,
        BrokenCheck.DualStackNotAllowed => !e.DualStackAllowed,
        BrokenCheck.FunctionNotActive => e.State != "Active",
        BrokenCheck.EniWithoutIpv6 => e.EniInEverySubnet && !e.EveryEniHasIpv6,
        BrokenCheck.EniMissingInOneSubnet => !e.EniInEverySubnet,
        BrokenCheck.SecurityGroupWithoutIpv6Egress => !e.SecurityGroupAllowsHttpsOverIpv6,
        BrokenCheck.ProbeReportsFailure => !e.Ipv6ProbeOk && !e.FunctionError,
        BrokenCheck.FunctionError => e.FunctionError,
        BrokenCheck.Ipv4ControlSucceeds => e.Ipv4ProbeOk,
        _ => throw new ArgumentOutOfRangeException(nameof(check)),
    };

    public static TheoryData<BrokenCheck> Checks => [.. Scenario.AllBrokenChecks];

    [Fact]
    public async Task The_healthy_world_breaks_no_check()
    {
        var evidence = await GatherAsync(Scenario.Healthy());

        Scenario.AllBrokenChecks.Where(c => Breaks(c, evidence)).Should().BeEmpty($"the healthy world is healthy: {evidence}");
        evidence.Ipv6ProbeOk.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task Each_broken_preset_breaks_its_own_check(BrokenCheck check)
    {
        var scenario = Scenario.Broken(check);

        var evidence = await GatherAsync(scenario);

        scenario.BrokenCheck.Should().Be(check);
        Breaks(check, evidence).Should().BeTrue($"Scenario.Broken({check}) must break that check; evidence: {evidence}");
    }

    [Theory]
    [InlineData(BrokenCheck.Ipv6DefaultRouteMissing)]
    [InlineData(BrokenCheck.Ipv6DefaultRouteBlackhole)]
    [InlineData(BrokenCheck.Ipv6RouteToForeignEgressOnlyGateway)]
    [InlineData(BrokenCheck.SubnetWithoutIpv6)]
    [InlineData(BrokenCheck.DualStackNotAllowed)]
    [InlineData(BrokenCheck.SecurityGroupWithoutIpv6Egress)]
    public async Task A_broken_network_also_fails_the_ipv6_probe(BrokenCheck check)
    {
        var evidence = await GatherAsync(Scenario.Broken(check));

        evidence.Ipv6ProbeOk.Should().BeFalse("the probe result is derived from the same world the EC2 describes show");
    }

    private static async Task<Evidence> GatherAsync(Scenario scenario)
    {
        await using var server = await AwsDoubleServer.StartAsync(scenario, Ct);
        using var http = new DoubleHttp(server);
        using var ec2 = http.Ec2();
        var outputs = server.Cloud.Deploy("ipv6lambda-broken").Outputs.ToDictionary(o => o.Key, o => o.Value);
        var vpcId = outputs["VpcId"];
        Filter InVpc() => new("vpc-id", [vpcId]);

        var vpc = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpcId] }, Ct)).Vpcs.Single();
        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [InVpc()] }, Ct)).Subnets;
        var table = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [outputs["RouteTableId"]] }, Ct)).RouteTables.Single();
        var gateways = (await ec2.DescribeEgressOnlyInternetGatewaysAsync(new DescribeEgressOnlyInternetGatewaysRequest(), Ct)).EgressOnlyInternetGateways ?? [];
        var group = (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [outputs["SecurityGroupId"]] }, Ct)).SecurityGroups.Single();
        var enis = (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [InVpc(), new Filter("interface-type", ["lambda"])],
        }, Ct)).NetworkInterfaces ?? [];

        using var configuration = await http.GetConfigurationAsync(outputs["FunctionName"]);
        using var config = JsonDocument.Parse(await configuration.Content.ReadAsStringAsync(Ct));
        var state = config.RootElement.GetProperty("State").GetString()!;
        var (ipv6Ok, functionError) = (false, false);
        var ipv4Ok = false;
        if (state == "Active")
        {
            using var v6 = await http.InvokeAsync(outputs["FunctionName"], """{"family":"ipv6"}""");
            functionError = v6.Headers.Contains("X-Amz-Function-Error");
            using var v6Payload = JsonDocument.Parse(await v6.Content.ReadAsStringAsync(Ct));
            ipv6Ok = !functionError && v6Payload.RootElement.GetProperty("ok").GetBoolean();
            using var v4 = await http.InvokeAsync(outputs["FunctionName"], """{"family":"ipv4"}""");
            using var v4Payload = JsonDocument.Parse(await v4.Content.ReadAsStringAsync(Ct));
            ipv4Ok = !v4.Headers.Contains("X-Amz-Function-Error") && v4Payload.RootElement.GetProperty("ok").GetBoolean();
        }

        var route = table.Routes.FirstOrDefault(r => r.DestinationIpv6CidrBlock == "::/0");
        var ipv4Route = table.Routes.FirstOrDefault(r => r.DestinationCidrBlock == "0.0.0.0/0");
        return new Evidence(
            VpcHasIpv6: (vpc.Ipv6CidrBlockAssociationSet ?? []).Any(a => a.Ipv6CidrBlockState.State == "associated"),
            EverySubnetHasIpv6: subnets.All(s => (s.Ipv6CidrBlockAssociationSet ?? []).Any()),
            DefaultRouteState: route?.State.Value,
            DefaultRouteGatewayInVpc: gateways.Any(g => g.EgressOnlyInternetGatewayId == route?.EgressOnlyInternetGatewayId
                && g.Attachments.Any(a => a.VpcId == vpcId)),
            Ipv4DefaultRouteToIgw: ipv4Route?.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true,
            Ipv4DefaultRouteToNat: ipv4Route?.NatGatewayId?.StartsWith("nat-", StringComparison.Ordinal) == true,
            DualStackAllowed: config.RootElement.GetProperty("VpcConfig").GetProperty("Ipv6AllowedForDualStack").GetBoolean(),
            State: state,
            EveryEniHasIpv6: enis.All(e => (e.Ipv6Addresses ?? []).Count > 0),
            EniInEverySubnet: subnets.All(s => enis.Any(e => e.SubnetId == s.SubnetId)),
            SecurityGroupAllowsHttpsOverIpv6: group.IpPermissionsEgress.Any(p => p.IpProtocol == "tcp" && p.FromPort <= 443 && p.ToPort >= 443
                && (p.Ipv6Ranges ?? []).Any(r => r.CidrIpv6 == "::/0")),
            Ipv6ProbeOk: ipv6Ok,
            FunctionError: functionError,
            Ipv4ProbeOk: ipv4Ok);
    }
}
