namespace Ipv6Lambda.AwsDouble;

internal static class StsApi
{
    public static DoubleResponse Handle(FakeCloud cloud, string operation)
    {
        if (operation != "GetCallerIdentity")
        {
            throw new AwsErrorException(400, "InvalidAction", $"Could not find operation {operation} for version 2011-06-15");
        }

        var scenario = cloud.Scenario;
        if (scenario.CallerIdentityError is { } error)
        {
            throw new AwsErrorException(error.StatusCode, error.Code, error.Message);
        }

        return Wire.QueryResult(Wire.Sts, operation,
            new System.Xml.Linq.XElement(Wire.Sts + "Arn", scenario.CallerArn ?? $"arn:aws:iam::{scenario.Account}:user/ipv6lambda-ci"),
            new System.Xml.Linq.XElement(Wire.Sts + "UserId", "AIDAIPV6LAMBDADOUBLE0"),
            new System.Xml.Linq.XElement(Wire.Sts + "Account", scenario.Account));
    }
}
