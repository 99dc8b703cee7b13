using Amazon.Runtime;
using Ipv6Lambda.Fixtures.Aws.CloudFormation;
using Ipv6Lambda.Fixtures.Aws.Lambda;

namespace Ipv6Lambda.Clients.Tests;

/// <summary>Obviously fake credentials and clients pointed at a loopback server through config, not the environment.</summary>
public static class Wire
{
    public const string Region = "eu-west-3";
    public const string AccessKey = "AKIAFAKEFAKEFAKE0000";
    public const string SessionToken = "FAKE-SESSION-TOKEN-for-wire-tests";

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKey, "fake/secret/key/for/wire/tests/000000000");

    public static AWSCredentials SessionCredentials { get; } =
        new SessionAWSCredentials(AccessKey, "fake/secret/key/for/wire/tests/000000000", SessionToken);

    public static CloudFormationClient CloudFormation(Uri endpoint, AWSCredentials? credentials = null) =>
        new(credentials ?? Credentials, new CloudFormationClientConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region });

    public static LambdaClient Lambda(Uri endpoint, AWSCredentials? credentials = null) =>
        new(credentials ?? Credentials, new LambdaClientConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region });

    public const string CfnNs = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    public static string CfnOk(string action, string result, string requestId = "req-ok") =>
        $"<{action}Response xmlns=\"{CfnNs}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></{action}Response>";

    public static string CfnError(string code, string message, string requestId, string type = "Sender") =>
        $"<ErrorResponse xmlns=\"{CfnNs}\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>";
}
