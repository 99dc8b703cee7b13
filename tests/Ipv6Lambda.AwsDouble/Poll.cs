using System.Diagnostics;

namespace Ipv6Lambda.AwsDouble;

/// <summary>Waiting without fixed sleeps: poll a condition with backoff until it holds or a deadline passes.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> (10 ms doubling to 200 ms) until it holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(10);
        while (!condition())
        {
            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.###} s for {what ?? "a condition on the AWS double"}; it never held.");
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }
}
