namespace Ipv6Lambda.AwsDouble;

/// <summary>What the double does instead of (or before) the real answer; see <see cref="FaultPlan"/>.</summary>
public abstract record Fault
{
    private Fault()
    {
    }

    /// <summary>
    /// The service's own throttling error: CloudFormation/STS 400 Throttling; EC2 503 RequestLimitExceeded;
    /// Lambda 429 TooManyRequestsException.
    /// </summary>
    public sealed record Throttle : Fault;

    /// <summary>A 5xx with the protocol's error shape (InternalFailure / InternalError / ServiceException).</summary>
    public sealed record ServerError(int StatusCode = 500) : Fault;

    /// <summary>The connection is aborted without a response.</summary>
    public sealed record ConnectionReset : Fault;

    /// <summary>The real answer, after a delay.</summary>
    public sealed record Delay(TimeSpan Duration) : Fault;
}
