using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Ipv6Lambda.AwsDouble;
using Ipv6Lambda.Fixtures.Aws;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;
using Ipv6Lambda.Fixtures.Deployment;

namespace Ipv6Lambda.Benchmarks;

/// <summary>
/// The suite's own clients, with its retry policy, pointed at one double by ServiceURL rather than AWS_ENDPOINT_URL:
/// the samples run side by side in one process, each against its own double.
/// </summary>
public static class DoubleClients
{
    public static DeploymentClients For(AwsDoubleServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var credentials = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "ipv6lambda-benchmark-dummy-secret");
        var url = server.Endpoint.ToString();
        var region = server.Scenario.Region;

        T Configure<T>(T config)
            where T : ClientConfig
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
            config.RetryMode = AwsClientDefaults.RetryMode;
            config.MaxErrorRetry = AwsClientDefaults.MaxErrorRetry;
            config.Timeout = AwsClientDefaults.Timeout;
            return config;
        }

        return new DeploymentClients(
            new CloudFormationClient(credentials, Configure(new CloudFormationClientConfig())),
            new LambdaClient(credentials, Configure(new LambdaClientConfig())),
            new AmazonEC2Client(credentials, Configure(new AmazonEC2Config())),
            new AmazonSecurityTokenServiceClient(credentials, Configure(new AmazonSecurityTokenServiceConfig())));
    }
}
