namespace Ipv6Lambda.AwsDouble;

internal sealed class CloudFormationApi(FakeCloud cloud)
{
    public DoubleResponse Handle(string operation, IReadOnlyDictionary<string, string> form)
    {
        _ = cloud;
        _ = form;
        throw new AwsErrorException(400, "InvalidAction", $"The AWS double does not serve CloudFormation {operation} yet.");
    }
}
