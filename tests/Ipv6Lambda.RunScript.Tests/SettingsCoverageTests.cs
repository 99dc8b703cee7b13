using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Configuration;

namespace Ipv6Lambda.RunScript.Tests;

/// <summary>The fixture's settings, run-tests.ps1 and README.md name the same variables; a new setting needs all three.</summary>
public sealed class SettingsCoverageTests
{
    public static TheoryData<string> SettingNames() =>
        [.. SuiteSettings.Variables.Select(variable => variable.Name.Replace("<Key>", string.Empty, StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(SettingNames))]
    public void Every_fixture_setting_is_a_run_tests_parameter(string variable)
    {
        var script = File.ReadAllText(Path.Combine(RepoRoot.Find(), "run-tests.ps1"));

        script.Should().Contain(variable, $"run-tests.ps1 must map a parameter to {variable}, which the fixture reads");
    }

    [Theory]
    [MemberData(nameof(SettingNames))]
    public void Every_fixture_setting_is_documented_in_the_README(string variable)
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "README.md"));
        var start = readme.IndexOf("<!-- config:begin -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- config:end -->", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "README.md keeps the settings table between config:begin and config:end");

        readme[start..end].Should().Contain($"`{variable}", $"README.md's settings table must document {variable}");
    }
}
