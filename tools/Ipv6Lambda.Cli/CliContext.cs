using Ipv6Lambda.Fixtures.Aws.CloudFormation;

namespace Ipv6Lambda.Cli;

/// <summary>
/// What a command may touch besides its arguments: where it writes, the clock, and (for tests) how it reaches AWS.
/// <see cref="Program.Main"/> builds the real one; tests build one with captured writers and loopback clients.
/// </summary>
public sealed class CliContext
{
    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Builds the CloudFormation client for a region; null means the SDK's default chain and endpoint resolution
    /// (AWS_ENDPOINT_URL included), after the credentials were checked.
    /// </summary>
    public Func<string, ICloudFormationClient>? CloudFormationFactory { get; init; }

    public static CliContext FromConsole() => new() { Output = Console.Out, Error = Console.Error };
}
