using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;

namespace Ipv6Lambda.Clients.Tests;

/// <summary>The clients against the shared loopback double h5's end-to-end tests use.</summary>
public class AwsDoubleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DescribeStacks_on_a_stack_the_double_does_not_have_throws_StackNotFoundException()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        using var client = Wire.CloudFormation(server.Endpoint);

        var act = () => client.DescribeStacksAsync(new DescribeStacksRequest { StackName = "no-such-stack" }, Ct);

        var thrown = (await act.Should().ThrowAsync<StackNotFoundException>()).Which;
        thrown.StackName.Should().Be("no-such-stack");
        thrown.RequestId.Should().NotBeNullOrEmpty();
        server.RequestsFor("DescribeStacks").Should().ContainSingle();
    }

    [Fact]
    public async Task Throttling_twice_from_the_double_then_success_shows_three_attempts_in_its_request_log()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        server.Faults.Add("ListStacks", new Fault.Throttle(), times: 2);
        using var client = Wire.CloudFormation(server.Endpoint);

        await client.ListStacksAsync(new ListStacksRequest(), Ct);

        server.RequestsFor("ListStacks").Select(r => r.StatusCode).Should().Equal(400, 400, 200);
    }

    [Fact]
    public async Task Lambda_throttling_from_the_double_is_retried()
    {
        await using var server = await AwsDoubleServer.StartAsync(cancellationToken: Ct);
        server.Faults.Add("GetFunctionConfiguration", new Fault.Throttle(), times: 1);
        using var client = Wire.Lambda(server.Endpoint);

        var act = () => client.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = "no-such-function" }, Ct);

        // Whatever the double's world holds, the throttled first attempt must have been retried.
        try
        {
            await act();
        }
        catch (ResourceNotFoundException)
        {
        }

        server.RequestsFor("GetFunctionConfiguration").Select(r => r.StatusCode).First().Should().Be(429);
        server.RequestsFor("GetFunctionConfiguration").Should().HaveCount(2);
    }
}
