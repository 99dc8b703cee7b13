using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Ipv6Lambda.AwsDouble;

/// <summary>CloudFormation 2010-05-15 over the Query protocol.</summary>
internal sealed class CloudFormationApi(FakeCloud cloud)
{
    private static readonly XNamespace Ns = Wire.CloudFormation;

    public DoubleResponse Handle(string operation, IReadOnlyDictionary<string, string> form) => operation switch
    {
        "ValidateTemplate" => ValidateTemplate(form),
        "CreateStack" => CreateStack(form),
        "DescribeStacks" => DescribeStacks(form),
        "DescribeStackEvents" => DescribeStackEvents(form),
        "DescribeStackResources" => DescribeStackResources(form),
        "DeleteStack" => DeleteStack(form),
        "ListStacks" => ListStacks(form),
        _ => throw new AwsErrorException(400, "InvalidAction", $"Could not find operation {operation} for version 2010-05-15"),
    };

    private DoubleResponse ValidateTemplate(IReadOnlyDictionary<string, string> form)
    {
        var template = TemplateOf(form);
        if (cloud.Scenario.ValidateTemplateError is { } error)
        {
            throw AwsErrorException.Validation(error);
        }

        var info = TemplateInfo.Parse(template);
        return Wire.QueryResult(Ns, "ValidateTemplate",
            Wire.Members(Ns, "Parameters", info.Parameters.Select(p => new object?[]
            {
                new XElement(Ns + "ParameterKey", p.Key),
                Wire.Optional(Ns, "DefaultValue", p.Default),
                new XElement(Ns + "NoEcho", Wire.Bool(p.NoEcho)),
                Wire.Optional(Ns, "Description", p.Description),
            })),
            Wire.Optional(Ns, "Description", info.Description),
            Wire.Members(Ns, "Capabilities", info.RequiresIam ? ["CAPABILITY_IAM"] : []),
            info.RequiresIam ? new XElement(Ns + "CapabilitiesReason", "The following resource(s) require capabilities: [AWS::IAM::Role]") : null);
    }

    private DoubleResponse CreateStack(IReadOnlyDictionary<string, string> form)
    {
        var name = Required(form, "StackName");
        var template = TemplateOf(form);
        var info = TemplateInfo.Parse(template);
        var capabilities = QueryForm.List(form, "Capabilities.member");
        if (info.RequiresIam && !capabilities.Any(c => c is "CAPABILITY_IAM" or "CAPABILITY_NAMED_IAM"))
        {
            throw new AwsErrorException(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]");
        }

        var parameters = QueryForm.Structs(form, "Parameters.member")
            .Select(p => KeyValuePair.Create(p.GetValueOrDefault("ParameterKey") ?? "", p.GetValueOrDefault("ParameterValue") ?? ""))
            .ToList();
        var unknown = parameters.Select(p => p.Key).Except(info.Parameters.Select(p => p.Key)).ToList();
        if (unknown.Count > 0)
        {
            throw AwsErrorException.Validation($"Parameters: [{string.Join(", ", unknown)}] do not exist in the template");
        }

        var tags = QueryForm.Structs(form, "Tags.member")
            .Select(t => KeyValuePair.Create(t.GetValueOrDefault("Key") ?? "", t.GetValueOrDefault("Value") ?? ""))
            .ToList();
        var stackId = cloud.CreateStack(new FakeCloud.CreateStackInput(
            name, template, parameters.ToDictionary(p => p.Key, p => p.Value), tags, capabilities,
            form.GetValueOrDefault("ClientRequestToken"), form.GetValueOrDefault("OnFailure")));
        return Wire.QueryResult(Ns, "CreateStack", new XElement(Ns + "StackId", stackId));
    }

    private DoubleResponse DescribeStacks(IReadOnlyDictionary<string, string> form)
    {
        var name = form.GetValueOrDefault("StackName");
        var stacks = name is { Length: > 0 }
            ? cloud.WithStack(name, (stack, now) => new[] { StackXml(stack, now) })
            : cloud.WithStacks((all, now) => all.Where(s => s.Status(now) != "DELETE_COMPLETE").Reverse().Select(s => StackXml(s, now)).ToArray());
        return Wire.QueryResult(Ns, "DescribeStacks", Wire.Members(Ns, "Stacks", stacks));
    }

    private static object?[] StackXml(StackRecord stack, DateTimeOffset now)
    {
        var last = stack.LastStackEvent(now);
        return
        [
            new XElement(Ns + "StackId", stack.StackId),
            new XElement(Ns + "StackName", stack.StackName),
            Wire.Optional(Ns, "Description", stack.Description),
            Wire.Members(Ns, "Parameters", stack.Parameters.Select(p => new object[]
            {
                new XElement(Ns + "ParameterKey", p.Key), new XElement(Ns + "ParameterValue", p.Value),
            })),
            new XElement(Ns + "CreationTime", Wire.Timestamp(stack.CreatedAt)),
            Wire.Optional(Ns, "DeletionTime", stack.DeletionTime(now) is { } deleted ? Wire.Timestamp(deleted) : null),
            new XElement(Ns + "StackStatus", last.Status),
            Wire.Optional(Ns, "StackStatusReason", last.Reason),
            new XElement(Ns + "DisableRollback", "false"),
            Wire.Members(Ns, "NotificationARNs", []),
            Wire.Members(Ns, "Capabilities", stack.Capabilities),
            Wire.Members(Ns, "Outputs", stack.Outputs(now).Select(o => new object[]
            {
                new XElement(Ns + "OutputKey", o.Key), new XElement(Ns + "OutputValue", o.Value),
            })),
            Wire.Members(Ns, "Tags", stack.Tags.Select(t => new object[]
            {
                new XElement(Ns + "Key", t.Key), new XElement(Ns + "Value", t.Value),
            })),
            new XElement(Ns + "EnableTerminationProtection", "false"),
            new XElement(Ns + "DriftInformation", new XElement(Ns + "StackDriftStatus", "NOT_CHECKED")),
        ];
    }

    private DoubleResponse DescribeStackEvents(IReadOnlyDictionary<string, string> form)
    {
        var name = Required(form, "StackName");
        var after = Offset(form.GetValueOrDefault("NextToken"));
        var pageSize = Math.Max(1, cloud.Scenario.StackEventsPageSize);
        var (page, next) = cloud.WithStack(name, (stack, now) =>
        {
            // Newest first, as CloudFormation pages them; ties on timestamp fall back to the order they happened.
            // The token is a cursor (the last event's sequence), so events that happen between pages neither
            // shift nor repeat the older pages.
            var events = stack.Visible(now).OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence).ToList();
            var offset = form.ContainsKey("NextToken") ? events.FindIndex(e => e.Sequence == after) + 1 : 0;
            var slice = events.Skip(offset).Take(pageSize).ToList();
            var page = slice.Select(e => new object?[]
            {
                new XElement(Ns + "StackId", stack.StackId),
                new XElement(Ns + "EventId", e.EventId),
                new XElement(Ns + "StackName", stack.StackName),
                new XElement(Ns + "LogicalResourceId", e.LogicalId),
                new XElement(Ns + "PhysicalResourceId", e.PhysicalId),
                new XElement(Ns + "ResourceType", e.ResourceType),
                new XElement(Ns + "Timestamp", Wire.Timestamp(e.At)),
                new XElement(Ns + "ResourceStatus", e.Status),
                Wire.Optional(Ns, "ResourceStatusReason", e.Reason),
                Wire.Optional(Ns, "ClientRequestToken", e.ClientRequestToken),
            }).ToList();
            return (page, offset + pageSize < events.Count ? Token((int)slice[^1].Sequence) : null);
        });
        return Wire.QueryResult(Ns, "DescribeStackEvents", Wire.Members(Ns, "StackEvents", page), Wire.Optional(Ns, "NextToken", next));
    }

    private DoubleResponse DescribeStackResources(IReadOnlyDictionary<string, string> form)
    {
        var name = form.GetValueOrDefault("StackName");
        var logicalId = form.GetValueOrDefault("LogicalResourceId");
        if (string.IsNullOrEmpty(name))
        {
            throw AwsErrorException.Validation("StackName or PhysicalResourceId must be specified");
        }

        var resources = cloud.WithStack(name, (stack, now) => stack.Visible(now)
            .Where(e => e.LogicalId != stack.StackName && (logicalId is null || e.LogicalId == logicalId))
            .GroupBy(e => e.LogicalId)
            .Select(g => g.Last())
            .Where(e => e.Status != "DELETE_COMPLETE")
            .Select(e => new object?[]
            {
                new XElement(Ns + "StackId", stack.StackId),
                new XElement(Ns + "StackName", stack.StackName),
                new XElement(Ns + "LogicalResourceId", e.LogicalId),
                new XElement(Ns + "PhysicalResourceId", stack.World?.PhysicalIds.GetValueOrDefault(e.LogicalId) ?? e.PhysicalId),
                new XElement(Ns + "ResourceType", e.ResourceType),
                new XElement(Ns + "Timestamp", Wire.Timestamp(e.At)),
                new XElement(Ns + "ResourceStatus", e.Status),
                Wire.Optional(Ns, "ResourceStatusReason", e.Reason),
                new XElement(Ns + "DriftInformation", new XElement(Ns + "StackResourceDriftStatus", "NOT_CHECKED")),
            })
            .ToList());
        return Wire.QueryResult(Ns, "DescribeStackResources", Wire.Members(Ns, "StackResources", resources));
    }

    private DoubleResponse DeleteStack(IReadOnlyDictionary<string, string> form)
    {
        cloud.DeleteStack(Required(form, "StackName"), form.GetValueOrDefault("ClientRequestToken"));
        return Wire.QueryResult(Ns, "DeleteStack");
    }

    private DoubleResponse ListStacks(IReadOnlyDictionary<string, string> form)
    {
        var filter = QueryForm.List(form, "StackStatusFilter.member");
        var offset = Offset(form.GetValueOrDefault("NextToken"));
        var pageSize = Math.Max(1, cloud.Scenario.ListStacksPageSize);
        var (page, next) = cloud.WithStacks((stacks, now) =>
        {
            var matching = stacks.AsEnumerable().Reverse()
                .Where(s => filter.Count == 0 || filter.Contains(s.Status(now)))
                .ToList();
            var page = matching.Skip(offset).Take(pageSize).Select(s => new object?[]
            {
                new XElement(Ns + "StackId", s.StackId),
                new XElement(Ns + "StackName", s.StackName),
                Wire.Optional(Ns, "TemplateDescription", s.Description),
                new XElement(Ns + "CreationTime", Wire.Timestamp(s.CreatedAt)),
                Wire.Optional(Ns, "DeletionTime", s.DeletionTime(now) is { } deleted ? Wire.Timestamp(deleted) : null),
                new XElement(Ns + "StackStatus", s.Status(now)),
                Wire.Optional(Ns, "StackStatusReason", s.LastStackEvent(now).Reason),
            }).ToList();
            return (page, offset + pageSize < matching.Count ? Token(offset + pageSize) : null);
        });
        return Wire.QueryResult(Ns, "ListStacks", Wire.Members(Ns, "StackSummaries", page), Wire.Optional(Ns, "NextToken", next));
    }

    private static string TemplateOf(IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("TemplateBody") is { Length: > 0 } body)
        {
            return body;
        }

        if (form.GetValueOrDefault("TemplateURL") is { Length: > 0 } url)
        {
            throw AwsErrorException.Validation($"TemplateURL must be a supported URL. The AWS double cannot fetch '{url}'; send TemplateBody.");
        }

        throw AwsErrorException.Validation("Either Template URL or Template Body must be specified.");
    }

    private static string Required(IReadOnlyDictionary<string, string> form, string key) =>
        form.GetValueOrDefault(key) is { Length: > 0 } value
            ? value
            : throw AwsErrorException.Validation(
                $"1 validation error detected: Value null at '{char.ToLowerInvariant(key[0])}{key[1..]}' failed to satisfy constraint: Member must not be null");

    private static string Token(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out var offset) && offset >= 0)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw AwsErrorException.Validation("Invalid NextToken");
    }
}
