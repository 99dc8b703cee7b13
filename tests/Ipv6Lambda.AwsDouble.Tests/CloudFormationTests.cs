using System.Net;
using Ipv6Lambda.Fixtures;

namespace Ipv6Lambda.AwsDouble.Tests;

public sealed class CloudFormationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Template = File.ReadAllText(RepoRoot.TemplatePath);

    private static (string, string)[] CreateFields(string name, string? token = null, params (string, string)[] extra)
    {
        var fields = new List<(string, string)>
        {
            ("StackName", name), ("TemplateBody", Template), ("Capabilities.member.1", "CAPABILITY_IAM"),
            ("Tags.member.1.Key", "owner"), ("Tags.member.1.Value", "ipv6lambda-tests"),
            ("Parameters.member.1.ParameterKey", "ProbeUrl"), ("Parameters.member.1.ParameterValue", "https://example.com/"),
        };
        if (token is not null)
        {
            fields.Add(("ClientRequestToken", token));
        }

        fields.AddRange(extra);
        return [.. fields];
    }

    private static async Task<List<System.Xml.Linq.XElement>> AllEventsAsync(DoubleHttp http, string stack)
    {
        var all = new List<System.Xml.Linq.XElement>();
        string? next = null;
        do
        {
            (string, string)[] fields = next is null ? [("StackName", stack)] : [("StackName", stack), ("NextToken", next)];
            var (_, page) = await http.CloudFormationAsync("DescribeStackEvents", fields);
            all.AddRange(page.Members("DescribeStackEventsResult/StackEvents"));
            next = page.Value("DescribeStackEventsResult/NextToken");
        }
        while (next is not null);
        return all;
    }

    [Fact]
    public async Task ValidateTemplate_lists_the_template_parameters_and_requires_capability_iam()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);

        var (status, body) = await http.CloudFormationAsync("ValidateTemplate", ("TemplateBody", Template));

        status.Should().Be(HttpStatusCode.OK);
        body.Name.Should().Be(DoubleHttp.Cfn + "ValidateTemplateResponse");
        body.Members("ValidateTemplateResult/Parameters").Select(p => p.Value("ParameterKey"))
            .Should().BeEquivalentTo(["VpcIpv4Cidr", "AvailabilityZone1", "AvailabilityZone2", "ProbeUrl", "LogRetentionInDays"]);
        body.Members("ValidateTemplateResult/Parameters").Single(p => p.Value("ParameterKey") == "VpcIpv4Cidr").Value("DefaultValue").Should().Be("10.0.0.0/16");
        body.Members("ValidateTemplateResult/Capabilities").Select(c => c.Value).Should().Equal("CAPABILITY_IAM");
        body.Value("ValidateTemplateResult/Description").Should().StartWith("Ipv6Lambda: a Lambda function in a dual-stack VPC");
        body.Value("ResponseMetadata/RequestId").Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task ValidateTemplate_rejects_a_template_without_resources()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);

        var (status, body) = await http.CloudFormationAsync("ValidateTemplate", ("TemplateBody", "AWSTemplateFormatVersion: '2010-09-09'\n"));

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Name.LocalName.Should().Be("ErrorResponse");
        body.Value("Error/Type").Should().Be("Sender");
        body.Value("Error/Code").Should().Be("ValidationError");
        body.Value("Error/Message").Should().Contain("Resources");
    }

    [Fact]
    public async Task CreateStack_deploys_a_stack_whose_outputs_are_exactly_the_template_outputs()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);

        var (status, created) = await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-a"));
        var (_, described) = await http.CloudFormationAsync("DescribeStacks", ("StackName", "ipv6lambda-a"));

        status.Should().Be(HttpStatusCode.OK);
        var stackId = created.Value("CreateStackResult/StackId");
        stackId.Should().MatchRegex("^arn:aws:cloudformation:us-east-1:123456789012:stack/ipv6lambda-a/[0-9a-f-]{36}$");
        var stack = described.Members("DescribeStacksResult/Stacks").Should().ContainSingle().Subject;
        stack.Value("StackId").Should().Be(stackId);
        stack.Value("StackStatus").Should().Be("CREATE_COMPLETE");
        stack.Members("Outputs").Select(o => o.Value("OutputKey")).Should().Equal(
            "VpcId", "VpcIpv6CidrBlock", "SubnetIds", "RouteTableId", "EgressOnlyInternetGatewayId", "SecurityGroupId",
            "FunctionName", "FunctionArn", "LogGroupName");
        stack.Members("Tags").Select(t => (t.Value("Key"), t.Value("Value"))).Should().Equal(("owner", "ipv6lambda-tests"));
        stack.Members("Capabilities").Select(c => c.Value).Should().Equal("CAPABILITY_IAM");
        stack.Members("Parameters").Select(p => p.Value("ParameterKey")).Should().Equal("ProbeUrl");
        server.Cloud.Read("ipv6lambda-a", w => w.Function.Environment["PROBE_URL"]).Should().Be("https://example.com/");
    }

    [Fact]
    public async Task CreateStack_with_the_same_client_request_token_returns_the_same_stack()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);

        var (_, first) = await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-b", "token-1"));
        var (status, second) = await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-b", "token-1"));
        var (conflict, error) = await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-b", "token-2"));

        status.Should().Be(HttpStatusCode.OK);
        second.Value("CreateStackResult/StackId").Should().Be(first.Value("CreateStackResult/StackId"));
        server.Cloud.Stacks.Should().ContainSingle("a retried CreateStack with the same token is the same stack");
        conflict.Should().Be(HttpStatusCode.BadRequest);
        error.Value("Error/Code").Should().Be("AlreadyExistsException");
        error.Value("Error/Message").Should().Be("Stack [ipv6lambda-b] already exists");
    }

    [Fact]
    public async Task CreateStack_without_capability_iam_is_refused()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);

        var (status, error) = await http.CloudFormationAsync("CreateStack", ("StackName", "ipv6lambda-c"), ("TemplateBody", Template));

        status.Should().Be(HttpStatusCode.BadRequest);
        error.Value("Error/Code").Should().Be("InsufficientCapabilitiesException");
        server.Cloud.Stacks.Should().BeEmpty();
    }

    [Fact]
    public async Task DescribeStackEvents_pages_newest_first_from_create_in_progress_to_create_complete()
    {
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { StackEventsPageSize = 4 }, Ct);
        using var http = new DoubleHttp(server);
        await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-d", "token-d"));

        var events = new List<(string Logical, string Status, DateTime At)>();
        var pages = 0;
        string? next = null;
        do
        {
            (string, string)[] fields = next is null ? [("StackName", "ipv6lambda-d")] : [("StackName", "ipv6lambda-d"), ("NextToken", next)];
            var (_, page) = await http.CloudFormationAsync("DescribeStackEvents", fields);
            var members = page.Members("DescribeStackEventsResult/StackEvents");
            members.Count.Should().BeLessThanOrEqualTo(4);
            events.AddRange(members.Select(m => (m.Value("LogicalResourceId")!, m.Value("ResourceStatus")!, DateTime.Parse(m.Value("Timestamp")!, System.Globalization.CultureInfo.InvariantCulture))));
            next = page.Value("DescribeStackEventsResult/NextToken");
            pages++;
        }
        while (next is not null);

        pages.Should().BeGreaterThan(1, "a small page size makes clients follow NextToken");
        events[0].Should().Be(("ipv6lambda-d", "CREATE_COMPLETE", events[0].At));
        events[^1].Logical.Should().Be("ipv6lambda-d");
        events[^1].Status.Should().Be("CREATE_IN_PROGRESS");
        events.Select(e => e.At).Should().BeInDescendingOrder();
        events.Where(e => e.Status == "CREATE_COMPLETE").Select(e => e.Logical).Should().Contain(["Vpc", "SubnetA", "ProbeFunction", "Ipv6DefaultRoute"]);
        events.Should().HaveCount(2 + (13 * 3));
    }

    [Fact]
    public async Task The_stack_flips_to_create_complete_exactly_at_created_plus_create_duration()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { Time = clock, CreateDuration = TimeSpan.FromSeconds(90) }, Ct);
        using var http = new DoubleHttp(server);
        await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-e"));

        clock.Advance(TimeSpan.FromSeconds(45));
        var (_, midway) = await http.CloudFormationAsync("DescribeStacks", ("StackName", "ipv6lambda-e"));
        var (_, midEvents) = await http.CloudFormationAsync("DescribeStackEvents", ("StackName", "ipv6lambda-e"));
        var midFinished = server.Cloud.CreateFinishedAt("ipv6lambda-e");
        clock.Advance(TimeSpan.FromSeconds(45));
        var (_, done) = await http.CloudFormationAsync("DescribeStacks", ("StackName", "ipv6lambda-e"));

        midway.Members("DescribeStacksResult/Stacks")[0].Value("StackStatus").Should().Be("CREATE_IN_PROGRESS");
        midway.Members("DescribeStacksResult/Stacks")[0].Members("Outputs").Should().BeEmpty("outputs appear with CREATE_COMPLETE");
        midEvents.Members("DescribeStackEventsResult/StackEvents").Should().NotContain(e => e.Value("ResourceStatus") == "CREATE_COMPLETE" && e.Value("LogicalResourceId") == "ipv6lambda-e");
        midFinished.Should().BeNull("the flip has not happened yet");
        done.Members("DescribeStacksResult/Stacks")[0].Value("StackStatus").Should().Be("CREATE_COMPLETE");
        server.Cloud.CreateFinishedAt("ipv6lambda-e").Should().Be(start + TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task A_failed_resource_rolls_the_stack_back_with_its_reason()
    {
        await using var server = await AwsDoubleServer.StartAsync(Scenario.UnsupportedAvailabilityZone(), Ct);
        using var http = new DoubleHttp(server);
        await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-f"));

        var (_, stacks) = await http.CloudFormationAsync("DescribeStacks", ("StackName", "ipv6lambda-f"));
        var all = await AllEventsAsync(http, "ipv6lambda-f");

        stacks.Members("DescribeStacksResult/Stacks")[0].Value("StackStatus").Should().Be("ROLLBACK_COMPLETE");
        all[0].Value("ResourceStatus").Should().Be("ROLLBACK_COMPLETE");
        all.Should().Contain(e => e.Value("ResourceStatus") == "ROLLBACK_IN_PROGRESS");
        all.Should().ContainSingle(e => e.Value("ResourceStatus") == "CREATE_FAILED" && e.Value("LogicalResourceId") == "ProbeFunction")
            .Which.Value("ResourceStatusReason").Should().Contain("availability zone Lambda doesn't support");
        server.Cloud.Stacks.Single().CreateFinishedAt.Should().NotBeNull();
        using var ec2 = http.Ec2();
        (await ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest(), Ct)).Vpcs.Should().BeNullOrEmpty("a rolled-back stack leaves no VPC");
    }

    [Fact]
    public async Task DeleteStack_removes_the_world_and_the_name_but_the_id_still_shows_delete_complete()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);
        var (_, created) = await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-g"));
        var stackId = created.Value("CreateStackResult/StackId")!;
        var function = server.Cloud.Read("ipv6lambda-g", w => w.Function.FunctionName);
        (await http.GetConfigurationAsync(function)).StatusCode.Should().Be(HttpStatusCode.OK);

        var (status, _) = await http.CloudFormationAsync("DeleteStack", ("StackName", "ipv6lambda-g"));
        var (byName, missing) = await http.CloudFormationAsync("DescribeStacks", ("StackName", "ipv6lambda-g"));
        var (_, byId) = await http.CloudFormationAsync("DescribeStacks", ("StackName", stackId));
        var (_, deleted) = await http.CloudFormationAsync("ListStacks", ("StackStatusFilter.member.1", "DELETE_COMPLETE"));

        status.Should().Be(HttpStatusCode.OK);
        byName.Should().Be(HttpStatusCode.BadRequest);
        missing.Value("Error/Code").Should().Be("ValidationError");
        missing.Value("Error/Message").Should().Be("Stack with id ipv6lambda-g does not exist");
        byId.Members("DescribeStacksResult/Stacks")[0].Value("StackStatus").Should().Be("DELETE_COMPLETE");
        byId.Members("DescribeStacksResult/Stacks")[0].Value("DeletionTime").Should().NotBeNullOrEmpty();
        deleted.Members("ListStacksResult/StackSummaries").Should().ContainSingle().Which.Value("StackId").Should().Be(stackId);
        using var ec2 = http.Ec2();
        (await ec2.DescribeSubnetsAsync(new Amazon.EC2.Model.DescribeSubnetsRequest(), Ct)).Subnets.Should().BeNullOrEmpty();
        (await http.GetConfigurationAsync(function)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_delete_that_fails_once_leaves_delete_failed_and_a_retry_completes()
    {
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteFailsOnce(), Ct);
        using var http = new DoubleHttp(server);
        await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-h"));
        var groupId = server.Cloud.Read("ipv6lambda-h", w => w.SecurityGroup.GroupId);

        await http.CloudFormationAsync("DeleteStack", ("StackName", "ipv6lambda-h"));
        var afterFirst = server.Cloud.FindStack("ipv6lambda-h");
        await http.CloudFormationAsync("DeleteStack", ("StackName", "ipv6lambda-h"));

        afterFirst!.Status.Should().Be("DELETE_FAILED");
        afterFirst.StatusReason.Should().Contain("FunctionSecurityGroup");
        var events = await AllEventsAsync(http, afterFirst.StackId);
        events.Should().ContainSingle(e => e.Value("ResourceStatus") == "DELETE_FAILED" && e.Value("LogicalResourceId") == "FunctionSecurityGroup")
            .Which.Value("ResourceStatusReason").Should().StartWith($"resource {groupId} has a dependent object");
        events[0].Value("ResourceStatus").Should().Be("DELETE_COMPLETE");
        server.Cloud.FindStack(afterFirst.StackId)!.DeleteAttempts.Should().Be(2);
        server.Cloud.FindStack("ipv6lambda-h").Should().BeNull("a deleted stack is gone by name");
    }

    [Fact]
    public async Task A_delete_that_never_completes_stays_delete_in_progress()
    {
        var clock = new ManualTimeProvider();
        await using var server = await AwsDoubleServer.StartAsync(Scenario.DeleteNeverCompletes() with { Time = clock }, Ct);
        using var http = new DoubleHttp(server);
        await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-i"));

        await http.CloudFormationAsync("DeleteStack", ("StackName", "ipv6lambda-i"));
        clock.Advance(TimeSpan.FromHours(2));

        server.Cloud.FindStack("ipv6lambda-i")!.Status.Should().Be("DELETE_IN_PROGRESS");
    }

    [Fact]
    public async Task ListStacks_pages_and_applies_the_status_filter()
    {
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { ListStacksPageSize = 2 }, Ct);
        using var http = new DoubleHttp(server);
        foreach (var name in new[] { "s-1", "s-2", "s-3" })
        {
            await http.CloudFormationAsync("CreateStack", CreateFields(name));
        }

        await http.CloudFormationAsync("DeleteStack", ("StackName", "s-2"));

        var (_, first) = await http.CloudFormationAsync("ListStacks", ("StackStatusFilter.member.1", "CREATE_COMPLETE"));
        var token = first.Value("ListStacksResult/NextToken");
        var (_, all) = await http.CloudFormationAsync("ListStacks",
            ("StackStatusFilter.member.1", "CREATE_COMPLETE"), ("StackStatusFilter.member.2", "DELETE_COMPLETE"));
        var (_, second) = await http.CloudFormationAsync("ListStacks",
            ("StackStatusFilter.member.1", "CREATE_COMPLETE"), ("StackStatusFilter.member.2", "DELETE_COMPLETE"),
            ("NextToken", all.Value("ListStacksResult/NextToken")!));

        first.Members("ListStacksResult/StackSummaries").Select(s => s.Value("StackName")).Should().Equal("s-3", "s-1");
        token.Should().BeNull("two live stacks fit one page");
        all.Members("ListStacksResult/StackSummaries").Select(s => s.Value("StackName")).Should().Equal("s-3", "s-2");
        second.Members("ListStacksResult/StackSummaries").Select(s => s.Value("StackName")).Should().Equal("s-1");
        second.Value("ListStacksResult/NextToken").Should().BeNull();
    }

    [Fact]
    public async Task DescribeStackResources_gives_the_physical_ids_of_the_world()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var http = new DoubleHttp(server);
        await http.CloudFormationAsync("CreateStack", CreateFields("ipv6lambda-j"));

        var (_, body) = await http.CloudFormationAsync("DescribeStackResources", ("StackName", "ipv6lambda-j"));

        var resources = body.Members("DescribeStackResourcesResult/StackResources");
        resources.Should().HaveCount(13).And.OnlyContain(r => r.Value("ResourceStatus") == "CREATE_COMPLETE");
        resources.Single(r => r.Value("LogicalResourceId") == "Vpc").Value("PhysicalResourceId")
            .Should().Be(server.Cloud.Read("ipv6lambda-j", w => w.Vpc.VpcId));
    }
}
