using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Rules;
using Ipv6Lambda.Fixtures.Templates;

namespace Ipv6Lambda.Template.Tests;

/// <summary>The repository's template.yaml, loaded once; models are immutable, so tests share it safely.</summary>
internal static class RealTemplate
{
    private static readonly Lazy<TemplateModel> Loaded = new(() => TemplateModel.Load(RepoRoot.TemplatePath));

    public static TemplateModel Model => Loaded.Value;

    public static string Describe(IEnumerable<Finding> findings) =>
        findings.Any() ? string.Join(Environment.NewLine, findings.Select(f => "  " + f)) : "  (none)";
}
