using Ipv6Lambda.AwsDouble;

namespace Ipv6Lambda.Sweeper.Tests;

/// <summary>The fault-matrix row "a hard kill (SIGKILL) during create": nothing in the killed run can clean up, so the next sweep must.</summary>
public sealed class HardKillTests
{
    [Fact]
    public async Task A_run_killed_during_create_leaves_a_stack_the_next_sweep_finds_by_its_tags_and_deletes()
    {
        var ct = TestContext.Current.CancellationToken;
        // The create outlives the kill by far, so the stack is CREATE_IN_PROGRESS when the run dies.
        await using var server = await AwsDoubleServer.StartAsync(Scenario.Healthy() with { Name = "sigkill", CreateDuration = TimeSpan.FromSeconds(60) }, ct);
        var environment = Subprocess.EnvironmentFor(server);
        var work = Directory.CreateTempSubdirectory("ipv6lambda-sigkill-");
        try
        {
            using (var run = Subprocess.Start(Subprocess.AcceptanceAssemblyPath, ["-noColor", "-noLogo"], environment, work))
            {
                var drain = Task.WhenAll(run.StandardOutput.ReadToEndAsync(ct), run.StandardError.ReadToEndAsync(ct));
                await server.WaitForRequestAsync("CreateStack", TimeSpan.FromSeconds(60), ct);
                run.Kill(entireProcessTree: true);
                await run.WaitForExitAsync(ct);
                await drain;
                TestContext.Current.TestOutputHelper?.WriteLine($"acceptance run killed after CreateStack; exit {run.ExitCode}");
            }

            var leaked = server.Cloud.Stacks.Should().ContainSingle().Subject;
            leaked.Status.Should().Be("CREATE_IN_PROGRESS", "the run died mid-create");
            server.RequestsFor("DeleteStack").Should().BeEmpty("a killed process runs no cleanup; that is why the sweeper exists");

            // Six hours from expiring: a plain sweep keeps it, which proves the next step's delete comes from --older-than.
            var plain = await Subprocess.RunCliAsync(["sweep"], environment, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(plain.ToString());
            plain.ExitCode.Should().Be(0, plain.ToString());
            plain.StandardOutput.Should().Contain($"kept             {leaked.StackName}");
            server.RequestsFor("DeleteStack").Should().BeEmpty();

            var sweep = await Subprocess.RunCliAsync(["sweep", "--older-than", "0s"], environment, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(sweep.ToString());

            sweep.ExitCode.Should().Be(0, sweep.ToString());
            sweep.StandardOutput.Should().Contain($"deleted          {leaked.StackName}");
            server.RequestsFor("DeleteStack").Should().ContainSingle();
            server.Cloud.FindStack(leaked.StackId)!.Status.Should().Be("DELETE_COMPLETE",
                "the sweeper deletes the killed run's stack {0} (tags {1})", leaked.StackName, string.Join(", ", leaked.Tags));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
