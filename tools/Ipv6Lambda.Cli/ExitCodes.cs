namespace Ipv6Lambda.Cli;

/// <summary>The exit codes every command shares, the same as run-tests.ps1's.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran, and some of its work failed (e.g. a stack that would not delete).</summary>
    public const int Failed = 1;

    /// <summary>Usage or configuration error: unknown option, bad value, no credentials. Nothing was changed.</summary>
    public const int Usage = 2;
}
