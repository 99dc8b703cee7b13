namespace Ipv6Lambda.AwsDouble;

/// <summary>Materialises what template.yaml deploys, with fresh AWS ids, for one stack.</summary>
internal static class WorldBuilder
{
    /// <summary>The template's resources in an order that honours its Ref/GetAtt/DependsOn edges.</summary>
    public static IReadOnlyList<(string LogicalId, string Type)> Resources { get; } =
    [
        ("FunctionRole", "AWS::IAM::Role"),
        ("FunctionLogGroup", "AWS::Logs::LogGroup"),
        ("Vpc", "AWS::EC2::VPC"),
        ("VpcIpv6CidrBlock", "AWS::EC2::VPCCidrBlock"),
        ("EgressOnlyInternetGateway", "AWS::EC2::EgressOnlyInternetGateway"),
        ("RouteTable", "AWS::EC2::RouteTable"),
        ("SubnetA", "AWS::EC2::Subnet"),
        ("SubnetB", "AWS::EC2::Subnet"),
        ("FunctionSecurityGroup", "AWS::EC2::SecurityGroup"),
        ("Ipv6DefaultRoute", "AWS::EC2::Route"),
        ("SubnetARouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation"),
        ("SubnetBRouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation"),
        ("ProbeFunction", "AWS::Lambda::Function"),
    ];

    public const string DefaultProbeUrl = "https://ipv6.google.com/";

    public static DeployedWorld Build(string stackName, string stackId, Scenario scenario, IReadOnlyDictionary<string, string> parameters)
    {
        var world = new DeployedWorld { StackName = stackName, StackId = stackId, Region = scenario.Region, Account = scenario.Account };
        var ids = world.PhysicalIds;
        var ipv4 = parameters.GetValueOrDefault("VpcIpv4Cidr") is { Length: > 0 } cidr ? cidr : "10.0.0.0/16";
        var ipv6 = Ids.AmazonIpv6Block();

        ids["FunctionRole"] = Truncate($"{stackName}-FunctionRole-{Ids.Suffix()}", 64);
        ids["FunctionLogGroup"] = $"{stackName}-FunctionLogGroup-{Ids.Suffix()}";
        var vpc = new Ec2Vpc
        {
            VpcId = Ids.Ec2("vpc"),
            CidrBlock = ipv4,
            CidrAssociationId = Ids.Ec2("vpc-cidr-assoc"),
            Ipv6CidrBlock = ipv6,
            Ipv6AssociationId = Ids.Ec2("vpc-cidr-assoc"),
        };
        vpc.Tags.Add(new Ec2Tag("Name", $"{stackName}-vpc"));
        world.Vpcs.Add(vpc);
        ids["Vpc"] = vpc.VpcId;
        ids["VpcIpv6CidrBlock"] = vpc.Ipv6AssociationId;

        var eigw = new Ec2EgressOnlyInternetGateway { EgressOnlyInternetGatewayId = Ids.Ec2("eigw"), AttachedVpcId = vpc.VpcId };
        world.EgressOnlyInternetGateways.Add(eigw);
        ids["EgressOnlyInternetGateway"] = eigw.EgressOnlyInternetGatewayId;

        var main = new Ec2RouteTable { RouteTableId = Ids.Ec2("rtb"), VpcId = vpc.VpcId };
        AddLocalRoutes(main, vpc);
        main.Associations.Add(new Ec2RouteTableAssociation { RouteTableAssociationId = Ids.Ec2("rtbassoc"), Main = true });
        var table = new Ec2RouteTable { RouteTableId = Ids.Ec2("rtb"), VpcId = vpc.VpcId };
        table.Tags.Add(new Ec2Tag("Name", $"{stackName}-ipv6-egress"));
        AddLocalRoutes(table, vpc);
        world.RouteTables.Add(main);
        world.RouteTables.Add(table);
        ids["RouteTable"] = table.RouteTableId;

        string[] zones =
        [
            parameters.GetValueOrDefault("AvailabilityZone1") is { Length: > 0 } az1 ? az1 : scenario.Region + "a",
            parameters.GetValueOrDefault("AvailabilityZone2") is { Length: > 0 } az2 ? az2 : scenario.Region + "b",
        ];
        string[] names = ["SubnetA", "SubnetB"];
        for (var i = 0; i < 2; i++)
        {
            var subnet = new Ec2Subnet
            {
                SubnetId = Ids.Ec2("subnet"),
                VpcId = vpc.VpcId,
                CidrBlock = Ids.Ipv4Subnet(ipv4, i),
                Ipv6CidrBlock = Ids.Ipv6Subnet(ipv6, i),
                Ipv6AssociationId = Ids.Ec2("subnet-cidr-assoc"),
                AvailabilityZone = zones[i],
                AvailabilityZoneId = $"use1-az{i + 1}",
            };
            subnet.Tags.Add(new Ec2Tag("Name", $"{stackName}-{(i == 0 ? "a" : "b")}"));
            world.Subnets.Add(subnet);
            ids[names[i]] = subnet.SubnetId;
        }

        var group = new Ec2SecurityGroup
        {
            GroupId = Ids.Ec2("sg"),
            VpcId = vpc.VpcId,
            GroupName = $"{stackName}-FunctionSecurityGroup-{Ids.Suffix()}",
            Description = "Ipv6Lambda probe function, HTTPS egress over IPv6 only",
        };
        var https = new Ec2IpPermission { IpProtocol = "tcp", FromPort = 443, ToPort = 443 };
        https.CidrIpv6s.Add("::/0");
        group.Egress.Add(https);
        world.SecurityGroups.Add(group);
        ids["FunctionSecurityGroup"] = group.GroupId;

        table.Routes.Add(new Ec2Route { DestinationIpv6CidrBlock = "::/0", EgressOnlyInternetGatewayId = eigw.EgressOnlyInternetGatewayId });
        ids["Ipv6DefaultRoute"] = $"{table.RouteTableId}|::/0";
        foreach (var (name, subnet) in names.Zip(world.Subnets))
        {
            var association = new Ec2RouteTableAssociation { RouteTableAssociationId = Ids.Ec2("rtbassoc"), SubnetId = subnet.SubnetId };
            table.Associations.Add(association);
            ids[$"{name}RouteTableAssociation"] = association.RouteTableAssociationId;
        }

        var functionName = Truncate($"{stackName}-ProbeFunction-{Ids.Suffix()}", 64);
        var function = new LambdaFunction
        {
            FunctionName = functionName,
            FunctionArn = $"arn:aws:lambda:{scenario.Region}:{scenario.Account}:function:{functionName}",
            Role = $"arn:aws:iam::{scenario.Account}:role/{ids["FunctionRole"]}",
            LogGroup = ids["FunctionLogGroup"],
            VpcId = vpc.VpcId,
            StateTimeline = scenario.FunctionState,
        };
        function.SubnetIds.AddRange(world.Subnets.Select(s => s.SubnetId));
        function.SecurityGroupIds.Add(group.GroupId);
        function.Environment["PROBE_URL"] = parameters.GetValueOrDefault("ProbeUrl") is { Length: > 0 } url ? url : DefaultProbeUrl;
        world.Functions.Add(function);
        ids["ProbeFunction"] = functionName;

        // Lambda creates one ENI per subnet for the function's subnet/security-group combination (Hyperplane).
        foreach (var subnet in world.Subnets)
        {
            world.NetworkInterfaces.Add(NewLambdaEni(function, subnet));
        }

        world.Outputs.AddRange(
        [
            new("VpcId", vpc.VpcId),
            new("VpcIpv6CidrBlock", ipv6),
            new("SubnetIds", string.Join(',', world.Subnets.Select(s => s.SubnetId))),
            new("RouteTableId", table.RouteTableId),
            new("EgressOnlyInternetGatewayId", eigw.EgressOnlyInternetGatewayId),
            new("SecurityGroupId", group.GroupId),
            new("FunctionName", functionName),
            new("FunctionArn", function.FunctionArn),
            new("LogGroupName", ids["FunctionLogGroup"]),
        ]);

        foreach (var mutation in scenario.WorldMutations)
        {
            mutation(world);
        }

        return world;
    }

    /// <summary>A Lambda Hyperplane ENI for the function in the subnet, with an IPv6 address when the subnet has a block.</summary>
    public static Ec2NetworkInterface NewLambdaEni(LambdaFunction function, Ec2Subnet subnet)
    {
        var eni = new Ec2NetworkInterface
        {
            NetworkInterfaceId = Ids.Ec2("eni"),
            SubnetId = subnet.SubnetId,
            VpcId = subnet.VpcId,
            AvailabilityZone = subnet.AvailabilityZone,
            Description = $"AWS Lambda VPC ENI-{function.FunctionName}-{Guid.NewGuid()}",
            PrivateIpAddress = Ids.Ipv4Host(subnet.CidrBlock),
            RequesterId = $"AROA{Ids.Suffix()}:{function.FunctionName}",
        };
        if (subnet.Ipv6CidrBlock is not null)
        {
            eni.Ipv6Addresses.Add(Ids.Ipv6Host(subnet.Ipv6CidrBlock));
        }

        eni.GroupIds.AddRange(function.SecurityGroupIds);
        return eni;
    }

    private static void AddLocalRoutes(Ec2RouteTable table, Ec2Vpc vpc)
    {
        table.Routes.Add(new Ec2Route { DestinationCidrBlock = vpc.CidrBlock, GatewayId = "local", Origin = "CreateRouteTable" });
        if (vpc.Ipv6CidrBlock is not null)
        {
            table.Routes.Add(new Ec2Route { DestinationIpv6CidrBlock = vpc.Ipv6CidrBlock, GatewayId = "local", Origin = "CreateRouteTable" });
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
