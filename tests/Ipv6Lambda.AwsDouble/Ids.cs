using System.Globalization;
using System.Security.Cryptography;

namespace Ipv6Lambda.AwsDouble;

/// <summary>Random ids in AWS's shapes: vpc-0123456789abcdef0, ProbeFunction-AB12CD34EF56, …</summary>
public static class Ids
{
    /// <summary>"{prefix}-" followed by 17 lowercase hex digits, as EC2 issues them.</summary>
    public static string Ec2(string prefix) => $"{prefix}-0{Hex(16)}";

    /// <summary>12 uppercase letters and digits, the suffix CloudFormation gives generated names.</summary>
    public static string Suffix() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 12);

    public static string Hex(int digits) => RandomNumberGenerator.GetHexString(digits, lowercase: true);

    public static int Number(int minInclusive, int maxExclusive) => RandomNumberGenerator.GetInt32(minInclusive, maxExclusive);

    /// <summary>A random Amazon-provided /56 in 2600:1f18::/32, such as 2600:1f18:4a2b:7c00::/56.</summary>
    public static string AmazonIpv6Block() =>
        string.Create(CultureInfo.InvariantCulture, $"2600:1f18:{Number(0x1000, 0x10000):x4}:{Number(0x10, 0x100):x2}00::/56");

    /// <summary>The n-th /64 of a /56 given as "a:b:c:dd00::/56", as Fn::Cidr [block, count, 64] selects it.</summary>
    public static string Ipv6Subnet(string block56, int index)
    {
        var groups = block56.Split("::", StringSplitOptions.None)[0].Split(':');
        var fourth = Convert.ToInt32(groups[3], 16) + index;
        return string.Create(CultureInfo.InvariantCulture, $"{groups[0]}:{groups[1]}:{groups[2]}:{fourth:x}::/64");
    }

    /// <summary>A random host address inside a /64 given as "a:b:c:d::/64".</summary>
    public static string Ipv6Host(string block64)
    {
        var prefix = block64.Split("::", StringSplitOptions.None)[0];
        return string.Create(CultureInfo.InvariantCulture,
            $"{prefix}:{Number(1, 0x10000):x}:{Number(0, 0x10000):x}:{Number(0, 0x10000):x}:{Number(1, 0x10000):x}");
    }

    /// <summary>The n-th /24 of an IPv4 block (Fn::Cidr [block, count, 8]).</summary>
    public static string Ipv4Subnet(string block, int index)
    {
        var address = System.Net.IPAddress.Parse(block.Split('/')[0]).GetAddressBytes();
        var value = ((uint)address[0] << 24 | (uint)address[1] << 16 | (uint)address[2] << 8 | address[3]) + (uint)(index * 256);
        return string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}/24");
    }

    /// <summary>A host address inside an IPv4 /24.</summary>
    public static string Ipv4Host(string block24)
    {
        var parts = block24.Split('/')[0].Split('.');
        return string.Create(CultureInfo.InvariantCulture, $"{parts[0]}.{parts[1]}.{parts[2]}.{Number(4, 255)}");
    }
}
