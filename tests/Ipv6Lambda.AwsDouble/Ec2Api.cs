namespace Ipv6Lambda.AwsDouble;

internal sealed class Ec2Api(FakeCloud cloud)
{
    public DoubleResponse Handle(string operation, IReadOnlyDictionary<string, string> form)
    {
        _ = cloud;
        _ = form;
        throw new AwsErrorException(400, "InvalidAction", $"The action {operation} is not valid for this web service.");
    }
}
