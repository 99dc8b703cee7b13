using System.Collections.Concurrent;
using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>Each live check, run against a world broken in exactly the way it exists to catch, fails with the AWS id and the fix.</summary>
public sealed class BrokenRunTests
{
    public static TheoryData<BrokenCheck, string> Presets { get; } = new()
    {
        { BrokenCheck.VpcWithoutIpv6, LiveTests.VpcIpv6 },
        { BrokenCheck.SubnetWithoutIpv6, LiveTests.DualStack },
        { BrokenCheck.Ipv6DefaultRouteMissing, LiveTests.Ipv6Route },
        { BrokenCheck.Ipv6DefaultRouteBlackhole, LiveTests.Ipv6Route },
        { BrokenCheck.Ipv6RouteToForeignEgressOnlyGateway, LiveTests.Ipv6Route },
        { BrokenCheck.Ipv4DefaultRouteToInternetGateway, LiveTests.NoIpv4Route },
        { BrokenCheck.Ipv4DefaultRouteToNatGateway, LiveTests.NoIpv4Route },
        { BrokenCheck.DualStackNotAllowed, LiveTests.Function },
        { BrokenCheck.EniWithoutIpv6, LiveTests.Enis },
        { BrokenCheck.EniMissingInOneSubnet, LiveTests.Enis },
        { BrokenCheck.ProbeReportsFailure, LiveTests.Probe },
        { BrokenCheck.FunctionError, LiveTests.Probe },
        { BrokenCheck.Ipv4ControlSucceeds, LiveTests.Ipv4Control },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task A_broken_world_fails_the_check_that_guards_it_and_the_stack_is_still_deleted(BrokenCheck broken, string check)
    {
        // Cases of one theory run one after another; the runs themselves start together on first use, so the
        // theory costs about one run, not thirteen.
        StartAll();
        var (server, run) = await Runs[broken].Value.WaitAsync(TestContext.Current.CancellationToken);
        await using var _ = server;
        TestContext.Current.TestOutputHelper?.WriteLine(run.Describe());

        var stack = server.Cloud.Stacks.Should().ContainSingle().Subject;
        var expectedId = server.Cloud.Read(stack.StackId, world => ExpectedId(world, broken));
        var result = run.Test(check);
        result.Failed.Should().BeTrue("preset {0} breaks {1}; {2}", broken, check, run.Describe());
        result.Message.Should().Contain(expectedId, "the failure names the broken AWS object");
        result.Message.Should().ContainAny(["fix", "Fix"], "the failure says how to fix it");
        stack.Status.Should().Be("DELETE_COMPLETE", "a failing check must not leave the stack {0} behind", stack.StackName);
    }

    private static readonly ConcurrentDictionary<BrokenCheck, Lazy<Task<(AwsDoubleServer Server, AcceptanceRunResult Run)>>> Runs = new();

    // Shared by every case, so bounded by its own deadline rather than one case's token.
    private static readonly CancellationTokenSource RunsDeadline = new(TimeSpan.FromMinutes(5));

    private static void StartAll()
    {
        foreach (var row in Presets)
        {
            var broken = (BrokenCheck)((ITheoryDataRow)row).GetData()[0]!;
            _ = Runs.GetOrAdd(broken, b => new Lazy<Task<(AwsDoubleServer, AcceptanceRunResult)>>(() => RunAsync(b))).Value;
        }
    }

    private static async Task<(AwsDoubleServer, AcceptanceRunResult)> RunAsync(BrokenCheck broken)
    {
        var server = await AwsDoubleServer.StartAsync(Scenario.Broken(broken), RunsDeadline.Token);
        return (server, await AcceptanceRun.RunAsync(AcceptanceRun.EnvironmentFor(server), RunsDeadline.Token));
    }

    private static string ExpectedId(DeployedWorld world, BrokenCheck broken) => broken switch
    {
        BrokenCheck.VpcWithoutIpv6 => world.Vpc.VpcId,
        BrokenCheck.SubnetWithoutIpv6 => world.SubnetB.SubnetId,
        BrokenCheck.Ipv6DefaultRouteMissing or BrokenCheck.Ipv6DefaultRouteBlackhole or BrokenCheck.Ipv6RouteToForeignEgressOnlyGateway
            => world.RouteTable.RouteTableId,
        BrokenCheck.Ipv4DefaultRouteToInternetGateway => world.InternetGateways.Single().InternetGatewayId,
        BrokenCheck.Ipv4DefaultRouteToNatGateway => world.NatGateways.Single().NatGatewayId,
        BrokenCheck.DualStackNotAllowed => world.Function.FunctionName,
        BrokenCheck.EniWithoutIpv6 => world.NetworkInterfaces.Single(n => n.SubnetId == world.SubnetA.SubnetId).NetworkInterfaceId,
        BrokenCheck.EniMissingInOneSubnet => world.SubnetB.SubnetId,
        _ => world.Function.FunctionName,
    };
}
