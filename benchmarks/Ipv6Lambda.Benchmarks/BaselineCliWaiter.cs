using Ipv6Lambda.Fixtures.Aws.CloudFormation;

namespace Ipv6Lambda.Benchmarks;

/// <summary>
/// What <c>aws cloudformation wait stack-create-complete</c> does (botocore's waiter model for CloudFormation):
/// DescribeStacks at once, then again after every fixed delay (30 s), until the status is terminal. No events,
/// no budget, no back-off.
/// </summary>
public sealed class BaselineCliWaiter(ICloudFormationClient cloudFormation, TimeProvider time, TimeSpan delay)
{
    public int Calls { get; private set; }

    /// <summary>Waits for a terminal status and returns it with the instant the waiter saw it.</summary>
    public async Task<(string Status, DateTimeOffset NoticedAt)> WaitAsync(string stackId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Calls++;
            var response = await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackId }, cancellationToken);
            var status = response.Stacks.FirstOrDefault()?.StackStatus
                ?? throw new InvalidOperationException($"DescribeStacks returned no stack for {stackId}.");
            if (!StackStatus.IsInProgress(status))
            {
                return (status, time.GetUtcNow());
            }

            await Task.Delay(delay, time, cancellationToken);
        }
    }
}
