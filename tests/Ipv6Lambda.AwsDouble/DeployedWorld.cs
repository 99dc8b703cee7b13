namespace Ipv6Lambda.AwsDouble;

// The EC2 and Lambda objects one stack deployed. Mutable on purpose: scenarios break the world by editing it.
// FakeCloud reads and edits these only under its lock (use FakeCloud.Mutate from tests).

public sealed class Ec2Tag(string key, string value)
{
    public string Key { get; set; } = key;
    public string Value { get; set; } = value;
}

public sealed class Ec2Vpc
{
    public required string VpcId { get; set; }
    public string CidrBlock { get; set; } = "10.0.0.0/16";
    public string CidrAssociationId { get; set; } = "";
    /// <summary>The IPv6 block; null when the VPC has none.</summary>
    public string? Ipv6CidrBlock { get; set; }
    public string Ipv6AssociationId { get; set; } = "";
    /// <summary>associated, associating, disassociated, failed …</summary>
    public string Ipv6CidrBlockState { get; set; } = "associated";
    public List<Ec2Tag> Tags { get; } = [];
}

public sealed class Ec2Subnet
{
    public required string SubnetId { get; set; }
    public required string VpcId { get; set; }
    public required string CidrBlock { get; set; }
    /// <summary>The IPv6 /64; null when the subnet has none.</summary>
    public string? Ipv6CidrBlock { get; set; }
    public string Ipv6AssociationId { get; set; } = "";
    public string Ipv6CidrBlockState { get; set; } = "associated";
    public required string AvailabilityZone { get; set; }
    public string AvailabilityZoneId { get; set; } = "use1-az1";
    public bool AssignIpv6AddressOnCreation { get; set; } = true;
    public List<Ec2Tag> Tags { get; } = [];
}

public sealed class Ec2Route
{
    public string? DestinationCidrBlock { get; set; }
    public string? DestinationIpv6CidrBlock { get; set; }
    /// <summary>"local", igw-… (an internet gateway) or null.</summary>
    public string? GatewayId { get; set; }
    public string? EgressOnlyInternetGatewayId { get; set; }
    public string? NatGatewayId { get; set; }
    /// <summary>active or blackhole.</summary>
    public string State { get; set; } = "active";
    /// <summary>CreateRouteTable (local), CreateRoute, EnableVgwRoutePropagation.</summary>
    public string Origin { get; set; } = "CreateRoute";
}

public sealed class Ec2RouteTableAssociation
{
    public required string RouteTableAssociationId { get; set; }
    public string? SubnetId { get; set; }
    public bool Main { get; set; }
    public string State { get; set; } = "associated";
}

public sealed class Ec2RouteTable
{
    public required string RouteTableId { get; set; }
    public required string VpcId { get; set; }
    public List<Ec2Route> Routes { get; } = [];
    public List<Ec2RouteTableAssociation> Associations { get; } = [];
    public List<Ec2Tag> Tags { get; } = [];
}

public sealed class Ec2EgressOnlyInternetGateway
{
    public required string EgressOnlyInternetGatewayId { get; set; }
    /// <summary>The attached VPC; null when detached.</summary>
    public string? AttachedVpcId { get; set; }
    public string AttachmentState { get; set; } = "attached";
}

public sealed class Ec2InternetGateway
{
    public required string InternetGatewayId { get; set; }
    public string? AttachedVpcId { get; set; }
    public string AttachmentState { get; set; } = "available";
}

public sealed class Ec2NatGateway
{
    public required string NatGatewayId { get; set; }
    public required string VpcId { get; set; }
    public required string SubnetId { get; set; }
    public string State { get; set; } = "available";
    public string ConnectivityType { get; set; } = "public";
}

public sealed class Ec2IpPermission
{
    /// <summary>tcp, udp, icmp, icmpv6 or -1 (all).</summary>
    public string IpProtocol { get; set; } = "tcp";
    public int? FromPort { get; set; }
    public int? ToPort { get; set; }
    public List<string> CidrIps { get; } = [];
    public List<string> CidrIpv6s { get; } = [];
}

public sealed class Ec2SecurityGroup
{
    public required string GroupId { get; set; }
    public required string VpcId { get; set; }
    public required string GroupName { get; set; }
    public string Description { get; set; } = "";
    public List<Ec2IpPermission> Ingress { get; } = [];
    public List<Ec2IpPermission> Egress { get; } = [];
}

public sealed class Ec2NetworkInterface
{
    public required string NetworkInterfaceId { get; set; }
    public required string SubnetId { get; set; }
    public required string VpcId { get; set; }
    public string AvailabilityZone { get; set; } = "";
    public string Description { get; set; } = "";
    public string InterfaceType { get; set; } = "lambda";
    public string Status { get; set; } = "in-use";
    public required string PrivateIpAddress { get; set; }
    public List<string> Ipv6Addresses { get; } = [];
    public List<string> GroupIds { get; } = [];
    public string RequesterId { get; set; } = "";
}

public sealed class LambdaFunction
{
    public required string FunctionName { get; set; }
    public required string FunctionArn { get; set; }
    public string Runtime { get; set; } = "python3.13";
    public string Handler { get; set; } = "index.handler";
    public required string Role { get; set; }
    public int Timeout { get; set; } = 30;
    public int MemorySize { get; set; } = 256;
    public List<string> SubnetIds { get; } = [];
    public List<string> SecurityGroupIds { get; } = [];
    public string? VpcId { get; set; }
    public bool Ipv6AllowedForDualStack { get; set; } = true;
    public required string LogGroup { get; set; }
    public string LogFormat { get; set; } = "Text";
    public Dictionary<string, string> Environment { get; } = [];
    public FunctionStateTimeline StateTimeline { get; set; } = FunctionStateTimeline.Active;
    /// <summary>GetFunctionConfiguration calls so far; drives <see cref="StateTimeline"/>.</summary>
    public int ConfigurationReads { get; set; }
}

/// <summary>Everything one stack deployed, keyed also by template logical id.</summary>
public sealed class DeployedWorld
{
    public required string StackName { get; init; }
    public required string StackId { get; init; }
    public required string Region { get; init; }
    public required string Account { get; init; }

    /// <summary>Physical id per template logical id (Vpc → vpc-…, ProbeFunction → function name, …).</summary>
    public Dictionary<string, string> PhysicalIds { get; } = new(StringComparer.Ordinal);

    public List<Ec2Vpc> Vpcs { get; } = [];
    public List<Ec2Subnet> Subnets { get; } = [];
    public List<Ec2RouteTable> RouteTables { get; } = [];
    public List<Ec2EgressOnlyInternetGateway> EgressOnlyInternetGateways { get; } = [];
    public List<Ec2InternetGateway> InternetGateways { get; } = [];
    public List<Ec2NatGateway> NatGateways { get; } = [];
    public List<Ec2SecurityGroup> SecurityGroups { get; } = [];
    public List<Ec2NetworkInterface> NetworkInterfaces { get; } = [];
    public List<LambdaFunction> Functions { get; } = [];

    /// <summary>Stack outputs, in template order.</summary>
    public List<KeyValuePair<string, string>> Outputs { get; } = [];

    // Shortcuts to the stack's own objects, by logical id.
    public Ec2Vpc Vpc => Vpcs.Single(v => v.VpcId == PhysicalIds["Vpc"]);
    public Ec2Subnet SubnetA => Subnets.Single(s => s.SubnetId == PhysicalIds["SubnetA"]);
    public Ec2Subnet SubnetB => Subnets.Single(s => s.SubnetId == PhysicalIds["SubnetB"]);
    public Ec2RouteTable RouteTable => RouteTables.Single(r => r.RouteTableId == PhysicalIds["RouteTable"]);
    public Ec2RouteTable MainRouteTable => RouteTables.Single(r => r.Associations.Any(a => a.Main) && r.VpcId == Vpc.VpcId);
    public Ec2EgressOnlyInternetGateway EgressOnlyInternetGateway =>
        EgressOnlyInternetGateways.Single(g => g.EgressOnlyInternetGatewayId == PhysicalIds["EgressOnlyInternetGateway"]);
    public Ec2SecurityGroup SecurityGroup => SecurityGroups.Single(g => g.GroupId == PhysicalIds["FunctionSecurityGroup"]);
    public LambdaFunction Function => Functions.Single(f => f.FunctionName == PhysicalIds["ProbeFunction"]);

    /// <summary>The ::/0 route of the function's route table, or null.</summary>
    public Ec2Route? Ipv6DefaultRoute => RouteTable.Routes.FirstOrDefault(r => r.DestinationIpv6CidrBlock == "::/0");

    /// <summary>The route table that governs a subnet: its explicit association, else the VPC's main table.</summary>
    public Ec2RouteTable? RouteTableOf(string subnetId)
    {
        var subnet = Subnets.FirstOrDefault(s => s.SubnetId == subnetId);
        return RouteTables.FirstOrDefault(r => r.Associations.Any(a => a.SubnetId == subnetId))
            ?? RouteTables.FirstOrDefault(r => r.VpcId == subnet?.VpcId && r.Associations.Any(a => a.Main));
    }
}
