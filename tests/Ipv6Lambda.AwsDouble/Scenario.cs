namespace Ipv6Lambda.AwsDouble;

/// <summary>One live check the suite makes against a deployed stack, broken on purpose by <see cref="Scenario.Broken"/>.</summary>
public enum BrokenCheck
{
    /// <summary>The VPC has no associated IPv6 CIDR block.</summary>
    VpcWithoutIpv6,

    /// <summary>SubnetB has no IPv6 CIDR block.</summary>
    SubnetWithoutIpv6,

    /// <summary>The function's route table has no ::/0 route.</summary>
    Ipv6DefaultRouteMissing,

    /// <summary>The ::/0 route is in state blackhole (its egress-only gateway was deleted).</summary>
    Ipv6DefaultRouteBlackhole,

    /// <summary>The ::/0 route targets an egress-only gateway attached to another VPC.</summary>
    Ipv6RouteToForeignEgressOnlyGateway,

    /// <summary>The route table also has 0.0.0.0/0 to an internet gateway (igw-…), so IPv4 could carry the probe.</summary>
    Ipv4DefaultRouteToInternetGateway,

    /// <summary>The route table also has 0.0.0.0/0 to a NAT gateway (nat-…).</summary>
    Ipv4DefaultRouteToNatGateway,

    /// <summary>The function's VpcConfig has Ipv6AllowedForDualStack false.</summary>
    DualStackNotAllowed,

    /// <summary>The function's State is Failed, not Active.</summary>
    FunctionNotActive,

    /// <summary>The Lambda ENI in SubnetA has no IPv6 address.</summary>
    EniWithoutIpv6,

    /// <summary>There is no Lambda ENI in SubnetB.</summary>
    EniMissingInOneSubnet,

    /// <summary>The security group has no egress to ::/0 on tcp 443.</summary>
    SecurityGroupWithoutIpv6Egress,

    /// <summary>The IPv6 probe invocation returns ok:false with an error.</summary>
    ProbeReportsFailure,

    /// <summary>Invoke returns X-Amz-Function-Error: Unhandled.</summary>
    FunctionError,

    /// <summary>The IPv4 control invocation succeeds (it must fail: the VPC has no IPv4 way out).</summary>
    Ipv4ControlSucceeds,
}

/// <summary>What DeleteStack does.</summary>
public enum DeleteBehavior
{
    /// <summary>DELETE_IN_PROGRESS, then DELETE_COMPLETE after <see cref="Scenario.DeleteDuration"/>.</summary>
    Succeeds,

    /// <summary>The first attempt ends DELETE_FAILED (a Lambda ENI still holds the security group); a retry succeeds.</summary>
    FailsOnceThenSucceeds,

    /// <summary>DELETE_IN_PROGRESS forever.</summary>
    NeverCompletes,
}

/// <summary>A CREATE_FAILED for one template resource.</summary>
public sealed record ResourceFailure(string LogicalId, string Reason);

/// <summary>What GetFunctionConfiguration reports: Pending for the first <see cref="PendingCalls"/> calls, then <see cref="FinalState"/>.</summary>
public sealed record FunctionStateTimeline(int PendingCalls, string FinalState, string? StateReason = null, string? StateReasonCode = null)
{
    public static FunctionStateTimeline Active { get; } = new(0, "Active");
}

/// <summary>An AWS error answer in the called service's protocol, e.g. STS 403 ExpiredToken.</summary>
public sealed record ServiceError(int StatusCode, string Code, string Message);

/// <summary>What one probe invocation returns, overriding what the double derives from the world.</summary>
public sealed record ProbeOutcome(bool Ok, int? Status, string? RemoteAddress, string? Error, int ElapsedMs = 87);

/// <summary>
/// The world the double plays. Immutable: start from <see cref="Healthy"/> or a named preset, and combine with
/// <c>with</c> (e.g. <c>Scenario.Healthy() with { CreateDuration = TimeSpan.FromSeconds(2) }</c>).
/// </summary>
public sealed record Scenario
{
    public const string DefaultAccount = "123456789012";
    public const string DefaultRegion = "us-east-1";

    /// <summary>A short name for test output.</summary>
    public string Name { get; init; } = "healthy";

    public string Account { get; init; } = DefaultAccount;

    public string Region { get; init; } = DefaultRegion;

    /// <summary>The ARN GetCallerIdentity returns; null means arn:aws:iam::{Account}:user/ipv6lambda-ci.</summary>
    public string? CallerArn { get; init; }

    /// <summary>The clock of every stack timeline. Use <see cref="ManualTimeProvider"/> to drive it from a test.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>From CreateStack to the terminal stack status (CREATE_COMPLETE or ROLLBACK_COMPLETE).</summary>
    public TimeSpan CreateDuration { get; init; } = TimeSpan.Zero;

    /// <summary>From DeleteStack to DELETE_COMPLETE (or DELETE_FAILED).</summary>
    public TimeSpan DeleteDuration { get; init; } = TimeSpan.Zero;

    /// <summary>Events per DescribeStackEvents page; small, so that clients must follow NextToken.</summary>
    public int StackEventsPageSize { get; init; } = 5;

    /// <summary>Summaries per ListStacks page.</summary>
    public int ListStacksPageSize { get; init; } = 2;

    /// <summary>When set, ValidateTemplate answers 400 ValidationError with this message.</summary>
    public string? ValidateTemplateError { get; init; }

    /// <summary>When set, that resource fails to create and the stack rolls back.</summary>
    public ResourceFailure? CreateFailure { get; init; }

    public DeleteBehavior Deletion { get; init; } = DeleteBehavior.Succeeds;

    public FunctionStateTimeline FunctionState { get; init; } = FunctionStateTimeline.Active;

    /// <summary>Changes applied, in order, to each world CreateStack materialises.</summary>
    public IReadOnlyList<Action<DeployedWorld>> WorldMutations { get; init; } = [];

    /// <summary>Overrides the IPv6 probe result that is otherwise derived from the world's routes.</summary>
    public ProbeOutcome? Ipv6Probe { get; init; }

    /// <summary>Overrides the IPv4 control probe result that is otherwise derived from the world's routes.</summary>
    public ProbeOutcome? Ipv4Probe { get; init; }

    /// <summary>When set (e.g. "Unhandled"), Invoke answers with X-Amz-Function-Error and an error payload.</summary>
    public string? FunctionError { get; init; }

    /// <summary>When set, GetCallerIdentity answers with this error (e.g. <see cref="ExpiredCredentials"/>).</summary>
    public ServiceError? CallerIdentityError { get; init; }

    /// <summary>
    /// A failed create rolls back to ROLLBACK_COMPLETE even when CreateStack asked OnFailure=DO_NOTHING, as a stack
    /// created by someone else (or an account policy) would.
    /// </summary>
    public bool CreateFailureRollsBack { get; init; }

    /// <summary>The broken check this scenario plays, if it came from <see cref="Broken"/>.</summary>
    public BrokenCheck? BrokenCheck { get; init; }

    /// <summary>Everything works: the stack deploys, the function is Active, the IPv6 probe succeeds, IPv4 fails.</summary>
    public static Scenario Healthy() => new();

    /// <summary>Every broken-check preset, for theory data.</summary>
    public static IReadOnlyList<BrokenCheck> AllBrokenChecks { get; } = Enum.GetValues<BrokenCheck>();

    /// <summary>A healthy deployment with one live check broken.</summary>
    public static Scenario Broken(BrokenCheck check) => BrokenPresets.Apply(Healthy(), check);

    /// <summary>The resource fails to create with the reason; the stack rolls back to ROLLBACK_COMPLETE.</summary>
    public static Scenario CreateFailed(string logicalId, string reason) =>
        Healthy() with { Name = $"create-failed:{logicalId}", CreateFailure = new ResourceFailure(logicalId, reason) };

    /// <summary>Lambda refuses the subnets' availability zone, so ProbeFunction is CREATE_FAILED.</summary>
    public static Scenario UnsupportedAvailabilityZone() =>
        CreateFailed(
            "ProbeFunction",
            "Resource handler returned message: \"The provided subnets contain availability zone Lambda doesn't support. " +
            "(Service: Lambda, Status Code: 400, Request ID: 5f2c7b2e-8d7a-4c59-9b1e-0a4e1f3c2d11)\" " +
            "(RequestToken: 3b0c9a1e-1f0e-4c6a-a1e2-7f3d9c0b8e42, HandlerErrorCode: InvalidRequest)") with
        { Name = "unsupported-availability-zone" };

    /// <summary>GetFunctionConfiguration says Pending for <paramref name="calls"/> calls, then Active.</summary>
    public static Scenario FunctionPending(int calls) =>
        Healthy() with { Name = $"function-pending:{calls}", FunctionState = new FunctionStateTimeline(calls, "Active") };

    /// <summary>The function ends in State Failed with the reason.</summary>
    public static Scenario FunctionFailed(
        string reason = "The function's execution role does not have permissions to call CreateNetworkInterface on EC2.",
        string reasonCode = "InsufficientRolePermissions",
        int pendingCalls = 0) =>
        Healthy() with { Name = "function-failed", FunctionState = new FunctionStateTimeline(pendingCalls, "Failed", reason, reasonCode) };

    /// <summary>The first DeleteStack ends DELETE_FAILED (ENI in use); the retry succeeds.</summary>
    public static Scenario DeleteFailsOnce() => Healthy() with { Name = "delete-fails-once", Deletion = DeleteBehavior.FailsOnceThenSucceeds };

    /// <summary>DeleteStack never completes.</summary>
    public static Scenario DeleteNeverCompletes() => Healthy() with { Name = "delete-never-completes", Deletion = DeleteBehavior.NeverCompletes };

    /// <summary>STS says the session token has expired: 403 ExpiredToken.</summary>
    public static Scenario ExpiredCredentials() =>
        Healthy() with { Name = "expired-credentials", CallerIdentityError = new ServiceError(403, "ExpiredToken", "The security token included in the request is expired") };

    /// <summary>The resource fails to create and the stack ends ROLLBACK_COMPLETE (its resources rolled back).</summary>
    public static Scenario RollbackComplete(string logicalId, string reason) =>
        CreateFailed(logicalId, reason) with { Name = $"rollback-complete:{logicalId}", CreateFailureRollsBack = true };

    /// <summary>This scenario plus one more world mutation.</summary>
    public Scenario WithWorld(Action<DeployedWorld> mutation) => this with { WorldMutations = [.. WorldMutations, mutation] };

    public override string ToString() => Name;
}
