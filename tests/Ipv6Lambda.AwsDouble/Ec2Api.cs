using System.Globalization;
using System.Xml.Linq;

namespace Ipv6Lambda.AwsDouble;

/// <summary>EC2 2016-11-15 Describe* over the EC2 Query protocol, with XxxId.N id lists and Filter.N filters.</summary>
internal sealed class Ec2Api(FakeCloud cloud)
{
    private static readonly XNamespace Ns = Wire.Ec2;

    private delegate IEnumerable<string?> FilterValues<in T>(T item);

    public DoubleResponse Handle(string operation, IReadOnlyDictionary<string, string> form) => operation switch
    {
        "DescribeVpcs" => Describe(form, operation, "vpcSet", "VpcId", "InvalidVpcID.NotFound", "vpc ID",
            w => w.Vpcs, v => v.VpcId, v => v.Tags, VpcFilters, VpcXml),
        "DescribeSubnets" => Describe(form, operation, "subnetSet", "SubnetId", "InvalidSubnetID.NotFound", "subnet ID",
            w => w.Subnets, s => s.SubnetId, s => s.Tags, SubnetFilters, SubnetXml),
        "DescribeRouteTables" => Describe(form, operation, "routeTableSet", "RouteTableId", "InvalidRouteTableID.NotFound", "routeTable ID",
            w => w.RouteTables, r => r.RouteTableId, r => r.Tags, RouteTableFilters, RouteTableXml),
        "DescribeEgressOnlyInternetGateways" => Describe(form, operation, "egressOnlyInternetGatewaySet", "EgressOnlyInternetGatewayId",
            "InvalidEgressOnlyInternetGatewayId.NotFound", "egress-only internet gateway ID",
            w => w.EgressOnlyInternetGateways, g => g.EgressOnlyInternetGatewayId, _ => [],
            // The EC2 API documents only tag filters here; a vpc filter is a client bug that real EC2 rejects.
            new Dictionary<string, FilterValues<Ec2EgressOnlyInternetGateway>>(), EgressOnlyXml),
        "DescribeInternetGateways" => Describe(form, operation, "internetGatewaySet", "InternetGatewayId", "InvalidInternetGatewayID.NotFound",
            "internetGateway ID", w => w.InternetGateways, g => g.InternetGatewayId, _ => [], InternetGatewayFilters, InternetGatewayXml),
        "DescribeNatGateways" => Describe(form, operation, "natGatewaySet", "NatGatewayId", "NatGatewayNotFound", "NAT gateway",
            w => w.NatGateways, n => n.NatGatewayId, _ => [], NatGatewayFilters, NatGatewayXml),
        "DescribeSecurityGroups" => Describe(form, operation, "securityGroupInfo", "GroupId", "InvalidGroup.NotFound", "security group",
            w => w.SecurityGroups, g => g.GroupId, _ => [], SecurityGroupFilters, SecurityGroupXml),
        "DescribeNetworkInterfaces" => Describe(form, operation, "networkInterfaceSet", "NetworkInterfaceId", "InvalidNetworkInterfaceID.NotFound",
            "networkInterface ID", w => w.NetworkInterfaces, e => e.NetworkInterfaceId, _ => [], NetworkInterfaceFilters, NetworkInterfaceXml),
        _ => throw new AwsErrorException(400, "InvalidAction", $"The action {operation} is not valid for this web service."),
    };

    private DoubleResponse Describe<T>(
        IReadOnlyDictionary<string, string> form,
        string operation,
        string setName,
        string idParameter,
        string notFoundCode,
        string noun,
        Func<DeployedWorld, IEnumerable<T>> source,
        Func<T, string> id,
        Func<T, IEnumerable<Ec2Tag>> tags,
        IReadOnlyDictionary<string, FilterValues<T>> filters,
        Func<T, DeployedWorld, object?[]> xml)
    {
        var ids = QueryForm.List(form, idParameter);
        var requested = QueryForm.Structs(form, "Filter")
            .Select(f => (Name: f.GetValueOrDefault("Name") ?? "", Values: f.Where(kv => kv.Key.StartsWith("Value.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList()))
            .ToList();
        foreach (var (name, _) in requested)
        {
            if (!filters.ContainsKey(name) && !name.StartsWith("tag:", StringComparison.Ordinal) && name != "tag-key")
            {
                throw new AwsErrorException(400, "InvalidParameterValue", $"The filter '{name}' is invalid");
            }
        }

        return cloud.WithLiveWorlds(worlds =>
        {
            var all = worlds.SelectMany(w => source(w).Select(item => (Item: item, World: w))).ToList();
            var missing = ids.Where(wanted => all.All(x => id(x.Item) != wanted)).ToList();
            if (missing.Count > 0)
            {
                throw new AwsErrorException(400, notFoundCode, $"The {noun} '{string.Join("', '", missing)}' does not exist");
            }

            var selected = all
                .Where(x => ids.Count == 0 || ids.Contains(id(x.Item)))
                .Where(x => requested.All(f => Values(f.Name, x.Item).Any(v => v is not null && f.Values.Contains(v))))
                .Select(x => xml(x.Item, x.World));
            return Wire.Ec2Result(operation, Wire.Items(setName, selected));
        });

        IEnumerable<string?> Values(string name, T item) =>
            name.StartsWith("tag:", StringComparison.Ordinal) ? tags(item).Where(t => t.Key == name[4..]).Select(t => t.Value)
            : name == "tag-key" ? tags(item).Select(t => t.Key)
            : filters[name](item);
    }

    // ---- filters ---------------------------------------------------------------------------------------------

    private static readonly Dictionary<string, FilterValues<Ec2Vpc>> VpcFilters = new()
    {
        ["vpc-id"] = v => [v.VpcId],
        ["cidr"] = v => [v.CidrBlock],
        ["cidr-block-association.cidr-block"] = v => [v.CidrBlock],
        ["ipv6-cidr-block-association.ipv6-cidr-block"] = v => [v.Ipv6CidrBlock],
        ["ipv6-cidr-block-association.association-id"] = v => [v.Ipv6CidrBlock is null ? null : v.Ipv6AssociationId],
        ["ipv6-cidr-block-association.state"] = v => [v.Ipv6CidrBlock is null ? null : v.Ipv6CidrBlockState],
        ["state"] = _ => ["available"],
        ["is-default"] = _ => ["false"],
    };

    private static readonly Dictionary<string, FilterValues<Ec2Subnet>> SubnetFilters = new()
    {
        ["subnet-id"] = s => [s.SubnetId],
        ["vpc-id"] = s => [s.VpcId],
        ["availability-zone"] = s => [s.AvailabilityZone],
        ["cidr-block"] = s => [s.CidrBlock],
        ["ipv6-cidr-block-association.ipv6-cidr-block"] = s => [s.Ipv6CidrBlock],
        ["state"] = _ => ["available"],
    };

    private static readonly Dictionary<string, FilterValues<Ec2RouteTable>> RouteTableFilters = new()
    {
        ["route-table-id"] = r => [r.RouteTableId],
        ["vpc-id"] = r => [r.VpcId],
        ["association.subnet-id"] = r => r.Associations.Select(a => a.SubnetId),
        ["association.main"] = r => r.Associations.Select(a => Wire.Bool(a.Main)),
        ["association.route-table-association-id"] = r => r.Associations.Select(a => a.RouteTableAssociationId),
        ["route.destination-cidr-block"] = r => r.Routes.Select(x => x.DestinationCidrBlock),
        ["route.destination-ipv6-cidr-block"] = r => r.Routes.Select(x => x.DestinationIpv6CidrBlock),
        ["route.egress-only-internet-gateway-id"] = r => r.Routes.Select(x => x.EgressOnlyInternetGatewayId),
        ["route.gateway-id"] = r => r.Routes.Select(x => x.GatewayId),
        ["route.nat-gateway-id"] = r => r.Routes.Select(x => x.NatGatewayId),
        ["route.state"] = r => r.Routes.Select(x => x.State),
    };

    private static readonly Dictionary<string, FilterValues<Ec2InternetGateway>> InternetGatewayFilters = new()
    {
        ["internet-gateway-id"] = g => [g.InternetGatewayId],
        ["attachment.vpc-id"] = g => [g.AttachedVpcId],
        ["attachment.state"] = g => [g.AttachedVpcId is null ? null : g.AttachmentState],
    };

    private static readonly Dictionary<string, FilterValues<Ec2NatGateway>> NatGatewayFilters = new()
    {
        ["nat-gateway-id"] = n => [n.NatGatewayId],
        ["vpc-id"] = n => [n.VpcId],
        ["subnet-id"] = n => [n.SubnetId],
        ["state"] = n => [n.State],
    };

    private static readonly Dictionary<string, FilterValues<Ec2SecurityGroup>> SecurityGroupFilters = new()
    {
        ["group-id"] = g => [g.GroupId],
        ["group-name"] = g => [g.GroupName],
        ["vpc-id"] = g => [g.VpcId],
    };

    private static readonly Dictionary<string, FilterValues<Ec2NetworkInterface>> NetworkInterfaceFilters = new()
    {
        ["network-interface-id"] = e => [e.NetworkInterfaceId],
        ["subnet-id"] = e => [e.SubnetId],
        ["vpc-id"] = e => [e.VpcId],
        ["interface-type"] = e => [e.InterfaceType],
        ["group-id"] = e => e.GroupIds,
        ["status"] = e => [e.Status],
        ["description"] = e => [e.Description],
        ["requester-id"] = e => [e.RequesterId],
        ["availability-zone"] = e => [e.AvailabilityZone],
        ["ipv6-addresses.ipv6-address"] = e => e.Ipv6Addresses,
        ["addresses.private-ip-address"] = e => [e.PrivateIpAddress],
    };

    // ---- shapes ----------------------------------------------------------------------------------------------

    private static XElement E(string name, object? value) => new(Ns + name, value);

    private static XElement? Opt(string name, object? value) => Wire.Optional(Ns, name, value);

    private static XElement TagSet(IEnumerable<Ec2Tag> tags) =>
        Wire.Items("tagSet", tags.Select(t => new object[] { E("key", t.Key), E("value", t.Value) }));

    private static object?[] VpcXml(Ec2Vpc v, DeployedWorld w) =>
    [
        E("vpcId", v.VpcId),
        E("ownerId", w.Account),
        E("state", "available"),
        E("cidrBlock", v.CidrBlock),
        Wire.Items("cidrBlockAssociationSet", [new object[]
        {
            E("cidrBlock", v.CidrBlock), E("associationId", v.CidrAssociationId), E("cidrBlockState", E("state", "associated")),
        }]),
        Wire.Items("ipv6CidrBlockAssociationSet", v.Ipv6CidrBlock is null ? [] : [new object[]
        {
            E("associationId", v.Ipv6AssociationId),
            E("ipv6CidrBlock", v.Ipv6CidrBlock),
            E("ipv6CidrBlockState", E("state", v.Ipv6CidrBlockState)),
            E("networkBorderGroup", w.Region),
            E("ipv6Pool", "Amazon"),
        }]),
        E("dhcpOptionsId", "dopt-0a1b2c3d4e5f60718"),
        E("instanceTenancy", "default"),
        E("isDefault", "false"),
        TagSet(v.Tags),
    ];

    private static object?[] SubnetXml(Ec2Subnet s, DeployedWorld w) =>
    [
        E("subnetId", s.SubnetId),
        E("subnetArn", $"arn:aws:ec2:{w.Region}:{w.Account}:subnet/{s.SubnetId}"),
        E("state", "available"),
        E("ownerId", w.Account),
        E("vpcId", s.VpcId),
        E("cidrBlock", s.CidrBlock),
        Wire.Items("ipv6CidrBlockAssociationSet", s.Ipv6CidrBlock is null ? [] : [new object[]
        {
            E("ipv6CidrBlock", s.Ipv6CidrBlock),
            E("associationId", s.Ipv6AssociationId),
            E("ipv6CidrBlockState", E("state", s.Ipv6CidrBlockState)),
        }]),
        E("availableIpAddressCount", 249),
        E("availabilityZone", s.AvailabilityZone),
        E("availabilityZoneId", s.AvailabilityZoneId),
        E("defaultForAz", "false"),
        E("mapPublicIpOnLaunch", "false"),
        E("assignIpv6AddressOnCreation", Wire.Bool(s.AssignIpv6AddressOnCreation && s.Ipv6CidrBlock is not null)),
        E("ipv6Native", "false"),
        TagSet(s.Tags),
    ];

    private static object?[] RouteTableXml(Ec2RouteTable r, DeployedWorld w) =>
    [
        E("routeTableId", r.RouteTableId),
        E("vpcId", r.VpcId),
        E("ownerId", w.Account),
        Wire.Items("routeSet", r.Routes.Select(x => new object?[]
        {
            Opt("destinationCidrBlock", x.DestinationCidrBlock),
            Opt("destinationIpv6CidrBlock", x.DestinationIpv6CidrBlock),
            Opt("gatewayId", x.GatewayId),
            Opt("egressOnlyInternetGatewayId", x.EgressOnlyInternetGatewayId),
            Opt("natGatewayId", x.NatGatewayId),
            E("state", x.State),
            E("origin", x.Origin),
        })),
        Wire.Items("associationSet", r.Associations.Select(a => new object?[]
        {
            E("routeTableAssociationId", a.RouteTableAssociationId),
            E("routeTableId", r.RouteTableId),
            Opt("subnetId", a.SubnetId),
            E("main", Wire.Bool(a.Main)),
            E("associationState", E("state", a.State)),
        })),
        Wire.Items("propagatingVgwSet", []),
        TagSet(r.Tags),
    ];

    private static object?[] EgressOnlyXml(Ec2EgressOnlyInternetGateway g, DeployedWorld w) =>
    [
        E("egressOnlyInternetGatewayId", g.EgressOnlyInternetGatewayId),
        Wire.Items("attachmentSet", g.AttachedVpcId is null ? [] : [new object[] { E("state", g.AttachmentState), E("vpcId", g.AttachedVpcId) }]),
        Wire.Items("tagSet", []),
    ];

    private static object?[] InternetGatewayXml(Ec2InternetGateway g, DeployedWorld w) =>
    [
        E("internetGatewayId", g.InternetGatewayId),
        E("ownerId", w.Account),
        Wire.Items("attachmentSet", g.AttachedVpcId is null ? [] : [new object[] { E("state", g.AttachmentState), E("vpcId", g.AttachedVpcId) }]),
        Wire.Items("tagSet", []),
    ];

    private static object?[] NatGatewayXml(Ec2NatGateway n, DeployedWorld w) =>
    [
        E("natGatewayId", n.NatGatewayId),
        E("subnetId", n.SubnetId),
        E("vpcId", n.VpcId),
        E("state", n.State),
        E("connectivityType", n.ConnectivityType),
        E("createTime", Wire.Timestamp(DateTimeOffset.UnixEpoch.AddYears(56))),
        Wire.Items("natGatewayAddressSet", [new object[]
        {
            E("allocationId", Ids.Ec2("eipalloc")), E("networkInterfaceId", Ids.Ec2("eni")),
            E("privateIp", "10.0.0.9"), E("publicIp", "203.0.113.10"), E("isPrimary", "true"), E("status", "succeeded"),
        }]),
        Wire.Items("tagSet", []),
    ];

    private static object?[] Permission(Ec2IpPermission p) =>
    [
        E("ipProtocol", p.IpProtocol),
        Opt("fromPort", p.FromPort?.ToString(CultureInfo.InvariantCulture)),
        Opt("toPort", p.ToPort?.ToString(CultureInfo.InvariantCulture)),
        Wire.Items("groups", []),
        Wire.Items("ipRanges", p.CidrIps.Select(c => E("cidrIp", c))),
        Wire.Items("ipv6Ranges", p.CidrIpv6s.Select(c => E("cidrIpv6", c))),
        Wire.Items("prefixListIds", []),
    ];

    private static object?[] SecurityGroupXml(Ec2SecurityGroup g, DeployedWorld w) =>
    [
        E("ownerId", w.Account),
        E("groupId", g.GroupId),
        E("groupName", g.GroupName),
        E("groupDescription", g.Description),
        E("vpcId", g.VpcId),
        Wire.Items("ipPermissions", g.Ingress.Select(Permission)),
        Wire.Items("ipPermissionsEgress", g.Egress.Select(Permission)),
        E("securityGroupArn", $"arn:aws:ec2:{w.Region}:{w.Account}:security-group/{g.GroupId}"),
    ];

    private static object?[] NetworkInterfaceXml(Ec2NetworkInterface e, DeployedWorld w) =>
    [
        E("networkInterfaceId", e.NetworkInterfaceId),
        E("subnetId", e.SubnetId),
        E("vpcId", e.VpcId),
        E("availabilityZone", e.AvailabilityZone),
        E("description", e.Description),
        E("ownerId", w.Account),
        E("requesterId", e.RequesterId),
        E("requesterManaged", "true"),
        E("status", e.Status),
        E("macAddress", "0a:1b:2c:3d:4e:5f"),
        E("privateIpAddress", e.PrivateIpAddress),
        E("sourceDestCheck", "true"),
        E("interfaceType", e.InterfaceType),
        Wire.Items("groupSet", e.GroupIds.Select(id => new object?[]
        {
            E("groupId", id), Opt("groupName", w.SecurityGroups.FirstOrDefault(g => g.GroupId == id)?.GroupName),
        })),
        Wire.Items("privateIpAddressesSet", [new object[] { E("privateIpAddress", e.PrivateIpAddress), E("primary", "true") }]),
        Wire.Items("ipv6AddressesSet", e.Ipv6Addresses.Select((a, i) => new object[] { E("ipv6Address", a), E("isPrimaryIpv6", Wire.Bool(i == 0)) })),
        Wire.Items("tagSet", []),
    ];
}
