using System.Net;
using Amazon.Runtime;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;

namespace Ipv6Lambda.Clients.Tests;

public class CloudFormationClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateStack_marshals_every_typed_field_as_query_members()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnOk("CreateStack", "<StackId>arn:aws:cloudformation:eu-west-3:123456789012:stack/s1/abc</StackId>", "req-create")));
        using var client = Wire.CloudFormation(server.Endpoint);

        var response = await client.CreateStackAsync(new CreateStackRequest
        {
            StackName = "s1",
            TemplateBody = "Resources: {}",
            Parameters = [new() { ParameterKey = "ProbeUrl", ParameterValue = "https://ipv6.google.com/" }, new() { ParameterKey = "LogRetentionInDays", ParameterValue = "7" }],
            Capabilities = [Capability.CapabilityIam],
            Tags = [new() { Key = "owner", Value = "ipv6-suite" }, new() { Key = "run", Value = "r 1&2" }],
            ClientRequestToken = "token-1",
            OnFailure = OnFailure.Delete,
            TimeoutInMinutes = 15,
        }, Ct);

        response.StackId.Should().Be("arn:aws:cloudformation:eu-west-3:123456789012:stack/s1/abc");
        response.ResponseRequestId.Should().Be("req-create");
        var call = server.Calls.Should().ContainSingle().Subject;
        call.Method.Should().Be("POST");
        call.Form.Should().Contain(new Dictionary<string, string>
        {
            ["Action"] = "CreateStack",
            ["Version"] = "2010-05-15",
            ["StackName"] = "s1",
            ["TemplateBody"] = "Resources: {}",
            ["Parameters.member.1.ParameterKey"] = "ProbeUrl",
            ["Parameters.member.1.ParameterValue"] = "https://ipv6.google.com/",
            ["Parameters.member.2.ParameterKey"] = "LogRetentionInDays",
            ["Parameters.member.2.ParameterValue"] = "7",
            ["Capabilities.member.1"] = "CAPABILITY_IAM",
            ["Tags.member.1.Key"] = "owner",
            ["Tags.member.1.Value"] = "ipv6-suite",
            ["Tags.member.2.Key"] = "run",
            ["Tags.member.2.Value"] = "r 1&2",
            ["ClientRequestToken"] = "token-1",
            ["OnFailure"] = "DELETE",
            ["TimeoutInMinutes"] = "15",
        });
        call.Header("Content-Type").Should().StartWith("application/x-www-form-urlencoded");
    }

    [Fact]
    public async Task Requests_are_SigV4_signed_for_cloudformation_in_the_configured_region()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnOk("DeleteStack", string.Empty)));
        using var client = Wire.CloudFormation(server.Endpoint);

        await client.DeleteStackAsync(new DeleteStackRequest { StackName = "s1" }, Ct);

        var authorization = server.Calls.Single().Header("Authorization");
        authorization.Should().StartWith("AWS4-HMAC-SHA256 ")
            .And.MatchRegex($@"Credential={Wire.AccessKey}/\d{{8}}/{Wire.Region}/cloudformation/aws4_request",
                "the credential scope must name the region and the signing name 'cloudformation'")
            .And.Contain("Signature=");
    }

    [Fact]
    public async Task The_session_token_is_sent_and_signed()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnOk("ListStacks", "<StackSummaries/>")));
        using var client = Wire.CloudFormation(server.Endpoint, Wire.SessionCredentials);

        await client.ListStacksAsync(new ListStacksRequest(), Ct);

        var call = server.Calls.Single();
        call.Header("X-Amz-Security-Token").Should().Be(Wire.SessionToken);
        var signedHeaders = call.Header("Authorization").Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        signedHeaders.Should().Contain("x-amz-security-token", "an unsigned session token is rejected by AWS with IncompleteSignature");
    }

    [Fact]
    public async Task DescribeStacks_on_a_missing_stack_throws_StackNotFoundException_with_code_message_and_request_id()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnError("ValidationError", "Stack with id ghost does not exist", "req-missing"), 400));
        using var client = Wire.CloudFormation(server.Endpoint);

        var act = () => client.DescribeStacksAsync(new DescribeStacksRequest { StackName = "ghost" }, Ct);

        var thrown = (await act.Should().ThrowAsync<StackNotFoundException>()).Which;
        thrown.StackName.Should().Be("ghost");
        thrown.Region.Should().Be(Wire.Region);
        thrown.ErrorCode.Should().Be("ValidationError");
        thrown.ErrorType.Should().Be(ErrorType.Sender);
        thrown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        thrown.RequestId.Should().Be("req-missing");
        thrown.AwsMessage.Should().Be("Stack with id ghost does not exist");
        thrown.Message.Should().Contain($"stack 'ghost' not found in {Wire.Region}").And.Contain("ValidationError").And.Contain("req-missing");
        server.Calls.Should().ContainSingle("a missing stack is a 400 that no retry can fix");
    }

    [Fact]
    public async Task A_validation_error_that_is_not_a_missing_stack_stays_a_plain_CloudFormation_exception()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnError("ValidationError", "Template format error: unsupported structure.", "req-bad"), 400));
        using var client = Wire.CloudFormation(server.Endpoint);

        var act = () => client.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateBody = "nope" }, Ct);

        var thrown = (await act.Should().ThrowAsync<AmazonCloudFormationException>()).Which;
        thrown.Should().NotBeOfType<StackNotFoundException>();
        thrown.Message.Should().Contain("ValidationError").And.Contain("Template format error").And.Contain("req-bad");
    }

    [Fact]
    public async Task ValidateTemplate_reads_parameters_and_capabilities()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnOk("ValidateTemplate",
            "<Parameters><member><ParameterKey>ProbeUrl</ParameterKey><DefaultValue>https://ipv6.google.com/</DefaultValue><NoEcho>false</NoEcho><Description>d</Description></member></Parameters>" +
            "<Capabilities><member>CAPABILITY_IAM</member></Capabilities><CapabilitiesReason>The following resource(s) require capabilities: [AWS::IAM::Role]</CapabilitiesReason><Description>Ipv6Lambda</Description>")));
        using var client = Wire.CloudFormation(server.Endpoint);

        var response = await client.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateBody = "Resources: {}" }, Ct);

        response.Parameters.Should().ContainSingle().Which.Should().BeEquivalentTo(new TemplateParameter
        {
            ParameterKey = "ProbeUrl", DefaultValue = "https://ipv6.google.com/", NoEcho = false, Description = "d",
        });
        response.Capabilities.Should().Equal("CAPABILITY_IAM");
        response.CapabilitiesReason.Should().Contain("AWS::IAM::Role");
        response.Description.Should().Be("Ipv6Lambda");
        server.Calls.Single().Form.Should().Contain("TemplateBody", "Resources: {}").And.Contain("Action", "ValidateTemplate");
    }

    [Fact]
    public async Task DescribeStacks_reads_status_outputs_parameters_and_times()
    {
        await using var server = ScriptedServer.Start(Reply.Xml(Wire.CfnOk("DescribeStacks",
            "<Stacks><member><StackId>arn:s1</StackId><StackName>s1</StackName><StackStatus>CREATE_COMPLETE</StackStatus>" +
            "<CreationTime>2025-01-02T03:04:05.678Z</CreationTime>" +
            "<Outputs><member><OutputKey>FunctionName</OutputKey><OutputValue>s1-probe</OutputValue></member></Outputs>" +
            "<Parameters><member><ParameterKey>VpcIpv4Cidr</ParameterKey><ParameterValue>10.0.0.0/16</ParameterValue></member></Parameters>" +
            "<Tags><member><Key>owner</Key><Value>me</Value></member></Tags><Capabilities><member>CAPABILITY_IAM</member></Capabilities></member></Stacks>")));
        using var client = Wire.CloudFormation(server.Endpoint);

        var stack = (await client.DescribeStacksAsync(new DescribeStacksRequest { StackName = "s1" }, Ct)).Stacks.Should().ContainSingle().Subject;

        stack.StackStatus.Should().Be(StackStatus.CreateComplete);
        stack.CreationTime.Should().Be(new DateTime(2025, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc));
        stack.CreationTime!.Value.Kind.Should().Be(DateTimeKind.Utc);
        stack.Outputs.Should().ContainSingle().Which.OutputValue.Should().Be("s1-probe");
        stack.Parameters.Should().ContainSingle().Which.ParameterValue.Should().Be("10.0.0.0/16");
        stack.Tags.Should().ContainSingle().Which.Value.Should().Be("me");
        stack.Capabilities.Should().Equal("CAPABILITY_IAM");
        server.Calls.Single().Form.Should().Contain("StackName", "s1");
    }

    [Fact]
    public async Task DescribeStackEvents_pages_follow_NextToken_until_all_events_are_collected()
    {
        static string Event(int n) => $"<member><EventId>e{n}</EventId><LogicalResourceId>R{n}</LogicalResourceId><ResourceStatus>CREATE_COMPLETE</ResourceStatus><Timestamp>2025-01-01T00:00:0{n}Z</Timestamp></member>";
        await using var server = ScriptedServer.Start((call, _) => call.Form.GetValueOrDefault("NextToken") switch
        {
            null => Reply.Xml(Wire.CfnOk("DescribeStackEvents", $"<StackEvents>{Event(1)}{Event(2)}</StackEvents><NextToken>page-2</NextToken>")),
            "page-2" => Reply.Xml(Wire.CfnOk("DescribeStackEvents", $"<StackEvents>{Event(3)}{Event(4)}</StackEvents><NextToken>page-3</NextToken>")),
            "page-3" => Reply.Xml(Wire.CfnOk("DescribeStackEvents", $"<StackEvents>{Event(5)}</StackEvents>")),
            var other => Reply.Xml(Wire.CfnError("ValidationError", $"bad token {other}", "req-x"), 400),
        });
        using var client = Wire.CloudFormation(server.Endpoint);

        var events = new List<StackEvent>();
        string? token = null;
        do
        {
            var page = await client.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = "s1", NextToken = token }, Ct);
            events.AddRange(page.StackEvents);
            token = page.NextToken;
        }
        while (token is not null);

        events.Select(e => e.EventId).Should().Equal("e1", "e2", "e3", "e4", "e5");
        events[4].Timestamp.Should().Be(new DateTime(2025, 1, 1, 0, 0, 5, DateTimeKind.Utc));
        server.Calls.Select(c => c.Form.GetValueOrDefault("NextToken")).Should().Equal(null, "page-2", "page-3");
    }

    [Fact]
    public async Task ListStacks_sends_status_filters_and_pages()
    {
        await using var server = ScriptedServer.Start(
            Reply.Xml(Wire.CfnOk("ListStacks", "<StackSummaries><member><StackName>a</StackName><StackStatus>CREATE_COMPLETE</StackStatus></member></StackSummaries><NextToken>t2</NextToken>")),
            Reply.Xml(Wire.CfnOk("ListStacks", "<StackSummaries><member><StackName>b</StackName><StackStatus>ROLLBACK_COMPLETE</StackStatus><DeletionTime>2025-01-01T00:00:00Z</DeletionTime></member></StackSummaries>")));
        using var client = Wire.CloudFormation(server.Endpoint);

        var first = await client.ListStacksAsync(new ListStacksRequest { StackStatusFilter = [StackStatus.CreateComplete, StackStatus.RollbackComplete] }, Ct);
        var second = await client.ListStacksAsync(new ListStacksRequest { NextToken = first.NextToken }, Ct);

        first.StackSummaries.Should().ContainSingle().Which.StackName.Should().Be("a");
        second.StackSummaries.Should().ContainSingle().Which.DeletionTime.Should().NotBeNull();
        second.NextToken.Should().BeNull();
        server.Calls[0].Form.Should().Contain("StackStatusFilter.member.1", "CREATE_COMPLETE").And.Contain("StackStatusFilter.member.2", "ROLLBACK_COMPLETE");
        server.Calls[1].Form.Should().Contain("NextToken", "t2");
    }

    [Fact]
    public async Task DescribeStackResources_and_DeleteStack_round_trip()
    {
        await using var server = ScriptedServer.Start((call, _) => call.Form["Action"] switch
        {
            "DescribeStackResources" => Reply.Xml(Wire.CfnOk("DescribeStackResources",
                "<StackResources><member><LogicalResourceId>EgressOnlyGateway</LogicalResourceId><PhysicalResourceId>eigw-0123</PhysicalResourceId><ResourceType>AWS::EC2::EgressOnlyInternetGateway</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member></StackResources>")),
            _ => Reply.Xml(Wire.CfnOk("DeleteStack", string.Empty, "req-delete")),
        });
        using var client = Wire.CloudFormation(server.Endpoint);

        var resources = await client.DescribeStackResourcesAsync(new DescribeStackResourcesRequest { StackName = "s1", LogicalResourceId = "EgressOnlyGateway" }, Ct);
        var deleted = await client.DeleteStackAsync(new DeleteStackRequest { StackName = "s1", ClientRequestToken = "del-1", RetainResources = ["LogGroup"] }, Ct);

        resources.StackResources.Should().ContainSingle().Which.PhysicalResourceId.Should().Be("eigw-0123");
        deleted.ResponseRequestId.Should().Be("req-delete");
        server.Calls[0].Form.Should().Contain("LogicalResourceId", "EgressOnlyGateway");
        server.Calls[1].Form.Should().Contain("StackName", "s1").And.Contain("ClientRequestToken", "del-1").And.Contain("RetainResources.member.1", "LogGroup");
    }

    [Fact]
    public void Operations_lists_every_IAM_action_the_client_calls()
    {
        CloudFormationClient.Operations.Should().BeEquivalentTo(
            typeof(ICloudFormationClient).GetMethods().Select(m => "cloudformation:" + m.Name.Replace("Async", string.Empty, StringComparison.Ordinal)),
            "the IAM-policy coverage test trusts this list to match the interface");
    }
}
