using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Rules;

namespace Ipv6Lambda.Template.Tests;

public sealed class ReadmeTests
{
    [Fact]
    public void The_README_lists_every_template_rule()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "README.md"));
        var start = readme.IndexOf("<!-- rules:begin -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- rules:end -->", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "README.md keeps the rule table between rules:begin and rules:end");
        var table = readme[start..end];

        var listed = TemplateRules.Catalogue.Select(rule => rule.Id).Where(id => table.Contains($"`{id}`", StringComparison.Ordinal));

        listed.Should().BeEquivalentTo(TemplateRules.Catalogue.Select(rule => rule.Id),
            "every rule users can trip over must be documented in README.md's rule table");
    }
}
