using System.Text.RegularExpressions;

namespace Ipv6Lambda.AwsDouble;

/// <summary>A stack as a test sees it at one instant.</summary>
public sealed record StackSnapshot(
    string StackId,
    string StackName,
    string Status,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CreateFinishedAt,
    DateTimeOffset? DeleteFinishedAt,
    string? ClientRequestToken,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<KeyValuePair<string, string>> Outputs,
    int DeleteAttempts);

/// <summary>
/// The account the double plays: stacks and their timelines, and the EC2 and Lambda objects they deployed.
/// Thread-safe: every read and write holds one lock, and timelines are evaluated lazily against
/// <see cref="Scenario.Time"/>, so a stack "flips" exactly at its scheduled instant whoever looks.
/// </summary>
public sealed partial class FakeCloud
{
    private readonly Lock _gate = new();
    private readonly List<StackRecord> _stacks = [];

    internal FakeCloud(Scenario scenario)
    {
        Scenario = scenario;
    }

    public Scenario Scenario { get; }

    public DateTimeOffset Now => Scenario.Time.GetUtcNow();

    /// <summary>Every stack ever created (deleted ones too), oldest first.</summary>
    public IReadOnlyList<StackSnapshot> Stacks
    {
        get
        {
            lock (_gate)
            {
                var now = Now;
                return [.. _stacks.Select(s => s.Snapshot(now))];
            }
        }
    }

    /// <summary>A stack by id, or the live (not DELETE_COMPLETE) stack of that name; null when there is none.</summary>
    public StackSnapshot? FindStack(string nameOrId)
    {
        lock (_gate)
        {
            return Find(nameOrId, Now)?.Snapshot(Now);
        }
    }

    /// <summary>
    /// The instant the stack's create reached its terminal status (CREATE_COMPLETE, ROLLBACK_COMPLETE, CREATE_FAILED),
    /// once that instant has passed; for measuring how late a poller noticed.
    /// </summary>
    public DateTimeOffset? CreateFinishedAt(string nameOrId) => FindStack(nameOrId)?.CreateFinishedAt;

    /// <summary>Reads the live world of a stack under the lock.</summary>
    public T Read<T>(string stackNameOrId, Func<DeployedWorld, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return read(WorldOf(stackNameOrId));
        }
    }

    /// <summary>Changes the live world of a stack under the lock (break it after deploy, release an ENI, …).</summary>
    public void Mutate(string stackNameOrId, Action<DeployedWorld> mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        lock (_gate)
        {
            mutation(WorldOf(stackNameOrId));
        }
    }

    /// <summary>Deploys a stack without a request, as if CreateStack had been called (for tests that start from a deployed world).</summary>
    public StackSnapshot Deploy(string stackName, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var id = CreateStack(new CreateStackInput(stackName, TemplateBody: null, parameters ?? new Dictionary<string, string>(), [], ["CAPABILITY_IAM"], null, null));
        return FindStack(id)!;
    }

    /// <summary>
    /// Deploys a stack with tags without a request, as if an earlier run had created it (for sweeper tests: leaked,
    /// expired and look-alike stacks). Its CreationTime is now by <see cref="Scenario.Time"/>; the tags say what they say.
    /// </summary>
    public StackSnapshot DeployTagged(string stackName, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var id = CreateStack(new CreateStackInput(stackName, TemplateBody: null, new Dictionary<string, string>(), tags, ["CAPABILITY_IAM"], null, null));
        return FindStack(id)!;
    }

    private DeployedWorld WorldOf(string stackNameOrId)
    {
        var stack = Find(stackNameOrId, Now) ?? throw new InvalidOperationException($"The AWS double has no stack '{stackNameOrId}'.");
        return stack.World ?? throw new InvalidOperationException($"Stack '{stackNameOrId}' deployed no world (its create failed).");
    }

    // ---- CloudFormation --------------------------------------------------------------------------------------

    internal sealed record CreateStackInput(
        string StackName,
        string? TemplateBody,
        IReadOnlyDictionary<string, string> Parameters,
        IReadOnlyList<KeyValuePair<string, string>> Tags,
        IReadOnlyList<string> Capabilities,
        string? ClientRequestToken,
        string? OnFailure);

    [GeneratedRegex("^[a-zA-Z][-a-zA-Z0-9]{0,127}$")]
    private static partial Regex StackNamePattern();

    /// <summary>Creates (or, for a repeated ClientRequestToken, finds) the stack and returns its id.</summary>
    internal string CreateStack(CreateStackInput input)
    {
        if (!StackNamePattern().IsMatch(input.StackName))
        {
            throw AwsErrorException.Validation(
                $"1 validation error detected: Value '{input.StackName}' at 'stackName' failed to satisfy constraint: " +
                "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }

        lock (_gate)
        {
            var now = Now;
            var existing = Find(input.StackName, now);
            if (existing is not null)
            {
                // CloudFormation's idempotency: a retried CreateStack with the same token is the same stack.
                if (input.ClientRequestToken is not null && input.ClientRequestToken == existing.ClientRequestToken)
                {
                    return existing.StackId;
                }

                throw new AwsErrorException(400, "AlreadyExistsException", $"Stack [{input.StackName}] already exists");
            }

            var stackId = $"arn:aws:cloudformation:{Scenario.Region}:{Scenario.Account}:stack/{input.StackName}/{Guid.NewGuid()}";
            var world = WorldBuilder.Build(input.StackName, stackId, Scenario, input.Parameters);
            var stack = new StackRecord(stackId, input.StackName, now, world)
            {
                ClientRequestToken = input.ClientRequestToken,
                Description = input.TemplateBody is null ? null : TemplateInfo.Parse(input.TemplateBody).Description,
            };
            stack.Tags.AddRange(input.Tags);
            stack.Parameters.AddRange(input.Parameters);
            stack.Capabilities.AddRange(input.Capabilities);
            ScheduleCreate(stack, now, input.OnFailure);
            _stacks.Add(stack);
            return stackId;
        }
    }

    private void ScheduleCreate(StackRecord stack, DateTimeOffset start, string? onFailure)
    {
        var steps = new List<Step> { new(stack.StackName, "CREATE_IN_PROGRESS", "User Initiated") };
        var failure = Scenario.CreateFailure;
        var resources = WorldBuilder.Resources;
        var failedAt = failure is null ? -1 : IndexOfResource(failure.LogicalId);
        var created = failedAt < 0 ? resources.Count : failedAt;
        for (var i = 0; i < created; i++)
        {
            steps.Add(new(resources[i].LogicalId, "CREATE_IN_PROGRESS", null));
            steps.Add(new(resources[i].LogicalId, "CREATE_IN_PROGRESS", "Resource creation Initiated"));
            steps.Add(new(resources[i].LogicalId, "CREATE_COMPLETE", null));
        }

        string terminal;
        if (failure is null)
        {
            terminal = "CREATE_COMPLETE";
            steps.Add(new(stack.StackName, terminal, null));
        }
        else
        {
            stack.CreateFailed = true;
            steps.Add(new(failure.LogicalId, "CREATE_IN_PROGRESS", null));
            steps.Add(new(failure.LogicalId, "CREATE_FAILED", failure.Reason));
            var failedMessage = $"The following resource(s) failed to create: [{failure.LogicalId}]. ";
            if (onFailure == "DO_NOTHING" && !Scenario.CreateFailureRollsBack)
            {
                terminal = "CREATE_FAILED";
                steps.Add(new(stack.StackName, terminal, failedMessage));
            }
            else
            {
                steps.Add(new(stack.StackName, "ROLLBACK_IN_PROGRESS", failedMessage + "Rollback requested by user."));
                steps.Add(new(failure.LogicalId, "DELETE_COMPLETE", null));
                for (var i = created - 1; i >= 0; i--)
                {
                    steps.Add(new(resources[i].LogicalId, "DELETE_IN_PROGRESS", null));
                    steps.Add(new(resources[i].LogicalId, "DELETE_COMPLETE", null));
                }

                terminal = "ROLLBACK_COMPLETE";
                steps.Add(new(stack.StackName, terminal, null));
                if (onFailure == "DELETE")
                {
                    steps.Add(new(stack.StackName, "DELETE_IN_PROGRESS", null));
                    steps.Add(new(stack.StackName, "DELETE_COMPLETE", null));
                }
            }
        }

        var scheduled = Schedule(stack, steps, start, Scenario.CreateDuration, stack.ClientRequestToken);
        stack.CreateFinishedAt = scheduled.Last(e => e.LogicalId == stack.StackName && e.Status == terminal).At;
        if (onFailure == "DELETE" && failure is not null)
        {
            stack.DeleteFinishedAt = scheduled[^1].At;
        }
    }

    internal void DeleteStack(string nameOrId, string? clientRequestToken)
    {
        lock (_gate)
        {
            var now = Now;
            var stack = Find(nameOrId, now);
            var status = stack?.Status(now);

            // Deleting a stack that is gone or already going is a successful no-op, as in CloudFormation.
            if (stack is null || status is "DELETE_COMPLETE" or "DELETE_IN_PROGRESS")
            {
                return;
            }

            // A delete supersedes whatever the create timeline had not reached yet.
            stack.Events.RemoveAll(e => e.At > now);
            if (stack.CreateFinishedAt > now)
            {
                stack.CreateFinishedAt = null;
            }

            stack.DeleteAttempts++;
            var live = WorldBuilder.Resources
                .Select(r => r.LogicalId)
                .Where(id => stack.ResourceStatus(id, now) is { } s && s != "DELETE_COMPLETE")
                .Reverse()
                .ToList();
            var steps = new List<Step> { new(stack.StackName, "DELETE_IN_PROGRESS", "User Initiated") };
            var deletion = Scenario.Deletion;
            if (deletion == DeleteBehavior.NeverCompletes)
            {
                steps.AddRange(live.Take(1).Select(id => new Step(id, "DELETE_IN_PROGRESS", null)));
                Schedule(stack, steps, now, TimeSpan.Zero, clientRequestToken);
                return;
            }

            var failFirst = deletion == DeleteBehavior.FailsOnceThenSucceeds && stack.DeleteAttempts == 1;
            foreach (var id in live)
            {
                steps.Add(new(id, "DELETE_IN_PROGRESS", null));
                if (failFirst && id == "FunctionSecurityGroup")
                {
                    // Lambda releases Hyperplane ENIs minutes after the function is gone; until then the group is in use.
                    var groupId = stack.World?.PhysicalIds.GetValueOrDefault(id) ?? "sg-unknown";
                    steps.Add(new(id, "DELETE_FAILED",
                        $"resource {groupId} has a dependent object (Service: Ec2, Status Code: 400, Request ID: {Guid.NewGuid()})"));
                    steps.Add(new(stack.StackName, "DELETE_FAILED", $"The following resource(s) failed to delete: [{id}]. "));
                    Schedule(stack, steps, now, Scenario.DeleteDuration, clientRequestToken);
                    return;
                }

                steps.Add(new(id, "DELETE_COMPLETE", null));
            }

            steps.Add(new(stack.StackName, "DELETE_COMPLETE", null));
            var scheduled = Schedule(stack, steps, now, Scenario.DeleteDuration, clientRequestToken);
            stack.DeleteFinishedAt = scheduled[^1].At;
        }
    }

    internal T WithStack<T>(string nameOrId, Func<StackRecord, DateTimeOffset, T> read)
    {
        lock (_gate)
        {
            var now = Now;
            var stack = Find(nameOrId, now) ?? throw AwsErrorException.Validation($"Stack with id {nameOrId} does not exist");
            return read(stack, now);
        }
    }

    internal T WithStacks<T>(Func<IReadOnlyList<StackRecord>, DateTimeOffset, T> read)
    {
        lock (_gate)
        {
            return read(_stacks, Now);
        }
    }

    /// <summary>The worlds of stacks that exist now (not failed, not DELETE_COMPLETE), read under the lock.</summary>
    internal T WithLiveWorlds<T>(Func<IReadOnlyList<DeployedWorld>, T> read)
    {
        lock (_gate)
        {
            var now = Now;
            return read([.. _stacks.Where(s => s.WorldIsLive(now)).Select(s => s.World!)]);
        }
    }

    private StackRecord? Find(string nameOrId, DateTimeOffset now)
    {
        if (nameOrId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return _stacks.FirstOrDefault(s => s.StackId == nameOrId);
        }

        return _stacks.LastOrDefault(s => s.StackName == nameOrId && s.Status(now) != "DELETE_COMPLETE");
    }

    private static int IndexOfResource(string logicalId)
    {
        for (var i = 0; i < WorldBuilder.Resources.Count; i++)
        {
            if (WorldBuilder.Resources[i].LogicalId == logicalId)
            {
                return i;
            }
        }

        throw new ArgumentException($"Scenario.CreateFailure names '{logicalId}', which template.yaml does not declare.");
    }

    private sealed record Step(string LogicalId, string Status, string? Reason);

    // Spreads the steps evenly from start to start + duration, so the last one lands exactly at the end.
    private static List<StackEventRecord> Schedule(StackRecord stack, List<Step> steps, DateTimeOffset start, TimeSpan duration, string? token)
    {
        var scheduled = new List<StackEventRecord>();
        for (var i = 0; i < steps.Count; i++)
        {
            var at = steps.Count == 1 ? start + duration : start + (duration * i / (steps.Count - 1));
            var step = steps[i];
            var isStack = step.LogicalId == stack.StackName;
            var type = isStack ? "AWS::CloudFormation::Stack" : WorldBuilder.Resources.First(r => r.LogicalId == step.LogicalId).Type;
            var physical = isStack
                ? stack.StackId
                : step.Status == "CREATE_IN_PROGRESS" && step.Reason is null ? "" : stack.World?.PhysicalIds.GetValueOrDefault(step.LogicalId) ?? "";
            var record = new StackEventRecord(
                stack.NextSequence++,
                isStack ? Guid.NewGuid().ToString() : $"{step.LogicalId}-{step.Status}-{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}",
                at, step.LogicalId, physical, type, step.Status, step.Reason, token);
            stack.Events.Add(record);
            scheduled.Add(record);
        }

        return scheduled;
    }
}

internal sealed record StackEventRecord(
    long Sequence, string EventId, DateTimeOffset At, string LogicalId, string PhysicalId, string ResourceType,
    string Status, string? Reason, string? ClientRequestToken);

internal sealed class StackRecord(string stackId, string stackName, DateTimeOffset createdAt, DeployedWorld? world)
{
    public string StackId { get; } = stackId;
    public string StackName { get; } = stackName;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DeployedWorld? World { get; } = world;
    public string? Description { get; init; }
    public string? ClientRequestToken { get; init; }
    public List<KeyValuePair<string, string>> Tags { get; } = [];
    public List<KeyValuePair<string, string>> Parameters { get; } = [];
    public List<string> Capabilities { get; } = [];
    public List<StackEventRecord> Events { get; } = [];
    public long NextSequence { get; set; }
    public bool CreateFailed { get; set; }
    public DateTimeOffset? CreateFinishedAt { get; set; }
    public DateTimeOffset? DeleteFinishedAt { get; set; }
    public int DeleteAttempts { get; set; }

    /// <summary>Events that have happened by <paramref name="now"/>, oldest first.</summary>
    public IEnumerable<StackEventRecord> Visible(DateTimeOffset now) => Events.Where(e => e.At <= now);

    public StackEventRecord LastStackEvent(DateTimeOffset now) => Visible(now).Last(e => e.LogicalId == StackName);

    public string Status(DateTimeOffset now) => LastStackEvent(now).Status;

    public string? ResourceStatus(string logicalId, DateTimeOffset now) =>
        Visible(now).LastOrDefault(e => e.LogicalId == logicalId)?.Status;

    public DateTimeOffset? DeletionTime(DateTimeOffset now) =>
        Status(now) == "DELETE_COMPLETE" ? LastStackEvent(now).At : null;

    public bool WorldIsLive(DateTimeOffset now) => World is not null && !CreateFailed && Status(now) != "DELETE_COMPLETE";

    public IReadOnlyList<KeyValuePair<string, string>> Outputs(DateTimeOffset now) =>
        World is not null && !CreateFailed && Status(now) is "CREATE_COMPLETE" or "DELETE_FAILED" or "DELETE_IN_PROGRESS"
            ? World.Outputs
            : [];

    public StackSnapshot Snapshot(DateTimeOffset now) => new(
        StackId, StackName, Status(now), LastStackEvent(now).Reason, CreatedAt,
        CreateFinishedAt <= now ? CreateFinishedAt : null,
        DeleteFinishedAt <= now ? DeleteFinishedAt : null,
        ClientRequestToken, [.. Tags], [.. Parameters], [.. Capabilities], [.. Outputs(now)], DeleteAttempts);
}
