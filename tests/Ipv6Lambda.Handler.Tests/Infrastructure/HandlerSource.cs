using Ipv6Lambda.Fixtures;
using YamlDotNet.RepresentationModel;

namespace Ipv6Lambda.Handler.Tests.Infrastructure;

/// <summary>
/// The probe handler's Python source, read from template.yaml at run time so the tests always exercise the code
/// that would be deployed; the repository never holds a second copy.
/// </summary>
public static class HandlerSource
{
    public static readonly IReadOnlyList<string> YamlPath =
        ["Resources", "ProbeFunction", "Properties", "Code", "ZipFile"];

    private static readonly Lazy<string> FromTemplateLazy = new(() => Extract(RepoRoot.TemplatePath));

    /// <summary>Resources.ProbeFunction.Properties.Code.ZipFile of the repository's template.yaml.</summary>
    public static string FromTemplate => FromTemplateLazy.Value;

    public static string Extract(string templatePath)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(templatePath))
        {
            // RepresentationModel keeps short tags such as !Ref as node tags instead of failing on them.
            yaml.Load(reader);
        }

        YamlNode node = yaml.Documents[0].RootNode;
        var walked = new List<string>();
        foreach (var key in YamlPath)
        {
            walked.Add(key);
            if (node is not YamlMappingNode mapping ||
                !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                throw new InvalidOperationException(
                    $"{templatePath} has no {string.Join('.', walked)}. The handler tests read the probe's Python " +
                    "from Resources.ProbeFunction.Properties.Code.ZipFile; keep the inline handler there.");
            }

            node = child;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } source })
        {
            throw new InvalidOperationException(
                $"{templatePath}: ProbeFunction Code.ZipFile is not a non-empty block scalar of Python source.");
        }

        return source;
    }
}
