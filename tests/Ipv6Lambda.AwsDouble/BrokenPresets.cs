namespace Ipv6Lambda.AwsDouble;

/// <summary>The named ways to break one live check; each is applied to the world CreateStack materialises.</summary>
internal static class BrokenPresets
{
    public static Scenario Apply(Scenario healthy, BrokenCheck check)
    {
        var scenario = healthy with { Name = $"broken:{check}", BrokenCheck = check };
        return check switch
        {
            BrokenCheck.VpcWithoutIpv6 => scenario.WithWorld(RemoveVpcIpv6),
            BrokenCheck.SubnetWithoutIpv6 => scenario.WithWorld(w =>
            {
                w.SubnetB.Ipv6CidrBlock = null;
                foreach (var eni in w.NetworkInterfaces.Where(e => e.SubnetId == w.SubnetB.SubnetId))
                {
                    eni.Ipv6Addresses.Clear();
                }
            }),
            BrokenCheck.Ipv6DefaultRouteMissing => scenario.WithWorld(w => w.RouteTable.Routes.RemoveAll(r => r.DestinationIpv6CidrBlock == "::/0")),
            BrokenCheck.Ipv6DefaultRouteBlackhole => scenario.WithWorld(w =>
            {
                // A blackhole route outlives its deleted gateway: the eigw is gone from DescribeEgressOnlyInternetGateways.
                w.Ipv6DefaultRoute!.State = "blackhole";
                w.EgressOnlyInternetGateways.Remove(w.EgressOnlyInternetGateway);
            }),
            BrokenCheck.Ipv6RouteToForeignEgressOnlyGateway => scenario.WithWorld(w =>
            {
                var otherVpc = new Ec2Vpc
                {
                    VpcId = Ids.Ec2("vpc"),
                    CidrBlock = "172.31.0.0/16",
                    CidrAssociationId = Ids.Ec2("vpc-cidr-assoc"),
                    Ipv6CidrBlock = Ids.AmazonIpv6Block(),
                    Ipv6AssociationId = Ids.Ec2("vpc-cidr-assoc"),
                };
                var foreign = new Ec2EgressOnlyInternetGateway { EgressOnlyInternetGatewayId = Ids.Ec2("eigw"), AttachedVpcId = otherVpc.VpcId };
                w.Vpcs.Add(otherVpc);
                w.EgressOnlyInternetGateways.Add(foreign);
                w.Ipv6DefaultRoute!.EgressOnlyInternetGatewayId = foreign.EgressOnlyInternetGatewayId;
            }),
            BrokenCheck.Ipv4DefaultRouteToInternetGateway => scenario.WithWorld(w =>
            {
                var igw = new Ec2InternetGateway { InternetGatewayId = Ids.Ec2("igw"), AttachedVpcId = w.Vpc.VpcId };
                w.InternetGateways.Add(igw);
                w.RouteTable.Routes.Add(new Ec2Route { DestinationCidrBlock = "0.0.0.0/0", GatewayId = igw.InternetGatewayId });
            }),
            BrokenCheck.Ipv4DefaultRouteToNatGateway => scenario.WithWorld(w =>
            {
                var nat = new Ec2NatGateway { NatGatewayId = Ids.Ec2("nat"), VpcId = w.Vpc.VpcId, SubnetId = w.SubnetA.SubnetId };
                w.NatGateways.Add(nat);
                w.RouteTable.Routes.Add(new Ec2Route { DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = nat.NatGatewayId });
            }),
            BrokenCheck.DualStackNotAllowed => scenario.WithWorld(w =>
            {
                w.Function.Ipv6AllowedForDualStack = false;
                foreach (var eni in w.NetworkInterfaces)
                {
                    eni.Ipv6Addresses.Clear();
                }
            }),
            BrokenCheck.FunctionNotActive => scenario with
            {
                FunctionState = new FunctionStateTimeline(0, "Failed",
                    "The function's execution role does not have permissions to call CreateNetworkInterface on EC2.",
                    "InsufficientRolePermissions"),
            },
            BrokenCheck.EniWithoutIpv6 => scenario.WithWorld(w =>
                w.NetworkInterfaces.First(e => e.SubnetId == w.SubnetA.SubnetId).Ipv6Addresses.Clear()),
            BrokenCheck.EniMissingInOneSubnet => scenario.WithWorld(w =>
                w.NetworkInterfaces.RemoveAll(e => e.SubnetId == w.SubnetB.SubnetId)),
            BrokenCheck.SecurityGroupWithoutIpv6Egress => scenario.WithWorld(w =>
            {
                w.SecurityGroup.Egress.Clear();
                var https = new Ec2IpPermission { IpProtocol = "tcp", FromPort = 443, ToPort = 443 };
                https.CidrIps.Add("0.0.0.0/0");
                w.SecurityGroup.Egress.Add(https);
            }),
            BrokenCheck.ProbeReportsFailure => scenario with
            {
                Ipv6Probe = new ProbeOutcome(false, null, null, "TimeoutError: timed out", 10_004),
            },
            BrokenCheck.FunctionError => scenario with { FunctionError = "Unhandled" },
            BrokenCheck.Ipv4ControlSucceeds => scenario with
            {
                Ipv4Probe = new ProbeOutcome(true, 200, "142.250.80.46", null, 64),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(check), check, "No preset for this check."),
        };
    }

    private static void RemoveVpcIpv6(DeployedWorld world)
    {
        // Without the VPC block nothing below it can have IPv6 either: subnets, local routes, ENI addresses.
        var vpc = world.Vpc;
        var block = vpc.Ipv6CidrBlock;
        vpc.Ipv6CidrBlock = null;
        foreach (var subnet in world.Subnets)
        {
            subnet.Ipv6CidrBlock = null;
        }

        foreach (var table in world.RouteTables)
        {
            table.Routes.RemoveAll(r => r.DestinationIpv6CidrBlock == block);
        }

        foreach (var eni in world.NetworkInterfaces)
        {
            eni.Ipv6Addresses.Clear();
        }

        world.Outputs.RemoveAll(o => o.Key == "VpcIpv6CidrBlock");
        world.Outputs.Insert(1, new("VpcIpv6CidrBlock", ""));
    }
}
