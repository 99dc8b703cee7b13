using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace Ipv6Lambda.AwsDouble.Tests;

/// <summary>The EC2 XML is parsed by the real AWSSDK.EC2 client into the values the world holds.</summary>
public sealed class Ec2ShapeTests : IAsyncLifetime
{
    private AwsDoubleServer _server = null!;
    private DoubleHttp _http = null!;
    private AmazonEC2Client _ec2 = null!;
    private Dictionary<string, string> _outputs = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await AwsDoubleServer.StartAsync(Scenario.Healthy(), TestContext.Current.CancellationToken);
        _http = new DoubleHttp(_server);
        _ec2 = _http.Ec2();
        _outputs = _server.Cloud.Deploy("ipv6lambda-ec2").Outputs.ToDictionary(o => o.Key, o => o.Value);
    }

    public async ValueTask DisposeAsync()
    {
        _ec2.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Filter F(string name, string value) => new(name, [value]);

    [Fact]
    public async Task The_vpc_has_an_associated_amazon_ipv6_slash_56_and_the_ipv4_block()
    {
        var response = await _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [_outputs["VpcId"]] }, Ct);

        var vpc = response.Vpcs.Should().ContainSingle().Subject;
        vpc.CidrBlock.Should().Be("10.0.0.0/16");
        var association = vpc.Ipv6CidrBlockAssociationSet.Should().ContainSingle().Subject;
        association.Ipv6CidrBlock.Should().MatchRegex(@"^2600:1f18:[0-9a-f]{4}:[0-9a-f]{2}00::/56$").And.Be(_outputs["VpcIpv6CidrBlock"]);
        association.Ipv6CidrBlockState.State.Value.Should().Be("associated");
        association.AssociationId.Should().StartWith("vpc-cidr-assoc-");
        vpc.VpcId.Should().MatchRegex("^vpc-[0-9a-f]{17}$");
    }

    [Fact]
    public async Task The_two_subnets_are_dual_stack_with_slash_64s_inside_the_vpc_block()
    {
        var response = await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [F("vpc-id", _outputs["VpcId"])] }, Ct);

        response.Subnets.Select(s => s.SubnetId).Should().BeEquivalentTo(_outputs["SubnetIds"].Split(','));
        response.Subnets.Select(s => s.CidrBlock).Should().BeEquivalentTo(["10.0.0.0/24", "10.0.1.0/24"]);
        var prefix = _outputs["VpcIpv6CidrBlock"][..^"00::/56".Length];
        response.Subnets.Select(s => s.Ipv6CidrBlockAssociationSet.Single().Ipv6CidrBlock)
            .Should().BeEquivalentTo([prefix + "00::/64", prefix + "01::/64"]);
        response.Subnets.Should().OnlyContain(s => s.Ipv6CidrBlockAssociationSet.Single().Ipv6CidrBlockState.State == SubnetCidrBlockStateCode.Associated);
        response.Subnets.Select(s => s.AvailabilityZone).Should().BeEquivalentTo(["us-east-1a", "us-east-1b"]);
        response.Subnets.Should().OnlyContain(s => s.VpcId == _outputs["VpcId"]);
    }

    [Fact]
    public async Task The_function_route_table_sends_ipv6_default_to_the_egress_only_gateway_for_both_subnets()
    {
        var subnet = _outputs["SubnetIds"].Split(',')[0];
        var response = await _ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [F("association.subnet-id", subnet)] }, Ct);

        var table = response.RouteTables.Should().ContainSingle().Subject;
        table.RouteTableId.Should().Be(_outputs["RouteTableId"]);
        var route = table.Routes.Should().ContainSingle(r => r.DestinationIpv6CidrBlock == "::/0").Subject;
        route.EgressOnlyInternetGatewayId.Should().Be(_outputs["EgressOnlyInternetGatewayId"]);
        route.State.Should().Be(RouteState.Active);
        route.Origin.Should().Be(RouteOrigin.CreateRoute);
        table.Routes.Should().Contain(r => r.DestinationCidrBlock == "10.0.0.0/16" && r.GatewayId == "local");
        table.Routes.Should().NotContain(r => r.DestinationCidrBlock == "0.0.0.0/0");
        table.Associations.Select(a => a.SubnetId).Should().BeEquivalentTo(_outputs["SubnetIds"].Split(','));
        table.Associations.Should().OnlyContain(a => a.Main == false && a.AssociationState.State == RouteTableAssociationStateCode.Associated);
    }

    [Fact]
    public async Task The_vpc_also_has_a_main_route_table_with_local_routes_only()
    {
        var response = await _ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest
        {
            Filters = [F("vpc-id", _outputs["VpcId"]), F("association.main", "true")],
        }, Ct);

        var main = response.RouteTables.Should().ContainSingle().Subject;
        main.Routes.Should().OnlyContain(r => r.GatewayId == "local").And.HaveCount(2);
        main.Associations.Should().ContainSingle(a => a.Main == true);
    }

    [Fact]
    public async Task The_egress_only_gateway_is_attached_to_the_vpc()
    {
        var response = await _ec2.DescribeEgressOnlyInternetGatewaysAsync(new DescribeEgressOnlyInternetGatewaysRequest
        {
            EgressOnlyInternetGatewayIds = [_outputs["EgressOnlyInternetGatewayId"]],
        }, Ct);

        var gateway = response.EgressOnlyInternetGateways.Should().ContainSingle().Subject;
        var attachment = gateway.Attachments.Should().ContainSingle().Subject;
        attachment.VpcId.Should().Be(_outputs["VpcId"]);
        attachment.State.Should().Be(AttachmentStatus.Attached);
    }

    [Fact]
    public async Task The_security_group_has_no_ingress_and_https_egress_to_ipv6_anywhere()
    {
        var response = await _ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [_outputs["SecurityGroupId"]] }, Ct);

        var group = response.SecurityGroups.Should().ContainSingle().Subject;
        group.VpcId.Should().Be(_outputs["VpcId"]);
        (group.IpPermissions ?? []).Should().BeEmpty();
        var egress = group.IpPermissionsEgress.Should().ContainSingle().Subject;
        egress.IpProtocol.Should().Be("tcp");
        egress.FromPort.Should().Be(443);
        egress.ToPort.Should().Be(443);
        egress.Ipv6Ranges.Should().ContainSingle().Which.CidrIpv6.Should().Be("::/0");
        (egress.Ipv4Ranges ?? []).Should().BeEmpty();
    }

    [Fact]
    public async Task Each_subnet_has_one_lambda_eni_with_an_ipv6_address_inside_the_subnet()
    {
        var response = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [F("vpc-id", _outputs["VpcId"]), F("interface-type", "lambda")],
        }, Ct);
        var subnets = (await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [F("vpc-id", _outputs["VpcId"])] }, Ct)).Subnets;

        response.NetworkInterfaces.Select(e => e.SubnetId).Should().BeEquivalentTo(_outputs["SubnetIds"].Split(','));
        foreach (var eni in response.NetworkInterfaces)
        {
            var block = subnets.Single(s => s.SubnetId == eni.SubnetId).Ipv6CidrBlockAssociationSet.Single().Ipv6CidrBlock;
            eni.Ipv6Addresses.Should().ContainSingle().Which.Ipv6Address.Should().StartWith(block[..^"::/64".Length] + ":");
            eni.InterfaceType.Should().Be(NetworkInterfaceType.Lambda);
            eni.Status.Should().Be(NetworkInterfaceStatus.InUse);
            eni.Description.Should().StartWith($"AWS Lambda VPC ENI-{_outputs["FunctionName"]}-");
            eni.Groups.Should().ContainSingle().Which.GroupId.Should().Be(_outputs["SecurityGroupId"]);
            eni.PrivateIpAddress.Should().StartWith(eni.SubnetId == subnets[0].SubnetId ? "10.0.0." : "10.0.1.");
        }
    }

    [Fact]
    public async Task A_healthy_vpc_has_no_internet_or_nat_gateway()
    {
        var igws = await _ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = [F("attachment.vpc-id", _outputs["VpcId"])] }, Ct);
        var nats = await _ec2.DescribeNatGatewaysAsync(new DescribeNatGatewaysRequest { Filter = [F("vpc-id", _outputs["VpcId"])] }, Ct);

        (igws.InternetGateways ?? []).Should().BeEmpty();
        (nats.NatGateways ?? []).Should().BeEmpty();
    }

    [Fact]
    public async Task Filters_select_only_matching_objects()
    {
        var none = await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [F("vpc-id", "vpc-0000000000000000f")] }, Ct);
        var byGroup = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [F("group-id", _outputs["SecurityGroupId"])] }, Ct);

        (none.Subnets ?? []).Should().BeEmpty("no subnet is in that VPC");
        byGroup.NetworkInterfaces.Should().HaveCount(2);
    }

    [Fact]
    public async Task An_unknown_id_is_the_ec2_not_found_error()
    {
        var act = () => _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["vpc-0000000000000000f"] }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonEC2Exception>()).Which;
        error.ErrorCode.Should().Be("InvalidVpcID.NotFound");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.Message.Should().Contain("vpc-0000000000000000f");
    }

    [Fact]
    public async Task An_undocumented_filter_is_rejected_as_real_ec2_does()
    {
        var act = () => _ec2.DescribeEgressOnlyInternetGatewaysAsync(new DescribeEgressOnlyInternetGatewaysRequest
        {
            Filters = [F("attachment.vpc-id", _outputs["VpcId"])],
        }, Ct);

        (await act.Should().ThrowAsync<AmazonEC2Exception>()).Which.ErrorCode.Should().Be("InvalidParameterValue");
    }

    [Fact]
    public async Task Ec2_throttling_is_503_request_limit_exceeded_and_the_sdk_retries_it()
    {
        _server.Faults.Add("DescribeVpcs", new Fault.Throttle());
        using var retrying = _http.Ec2(maxErrorRetry: 2);

        var response = await retrying.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct);

        response.Vpcs.Should().ContainSingle();
        _server.RequestsFor("DescribeVpcs").Select(r => r.StatusCode).Should().Equal(503, 200);
    }

    [Fact]
    public async Task Requests_record_the_sigv4_header_the_sdk_sent()
    {
        await _ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct);

        var request = _server.RequestsFor("DescribeVpcs").Should().ContainSingle().Subject;
        request.Service.Should().Be("ec2");
        request.Header("Authorization").Should().StartWith("AWS4-HMAC-SHA256 Credential=AKID/").And.Contain("/us-east-1/ec2/aws4_request");
        request.FormValue("Version").Should().Be("2016-11-15");
    }
}
