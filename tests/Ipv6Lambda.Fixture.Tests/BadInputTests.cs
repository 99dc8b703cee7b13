using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Deployment;
using Ipv6Lambda.Fixtures.Live;
using Ipv6Lambda.Fixtures.Rules;

namespace Ipv6Lambda.Fixture.Tests;

/// <summary>
/// Each bad input fails the live session with one line naming the problem and the fix, before it connects to AWS at
/// all: the connector is never called, so nothing can be deployed. A misconfigured run fails; only missing
/// credentials (decided by the connector) skip.
/// </summary>
public sealed class BadInputTests
{
    private static readonly Lazy<string> Templates = new(() => Directory.CreateTempSubdirectory("ipv6lambda-bad-input-").FullName);

    public static TheoryData<string, string, string, string> BadInputs() => new()
    {
        { "a missing template", "IPV6LAMBDA_TEMPLATE", "/no/such/dir/template.yaml", "'/no/such/dir/template.yaml' does not exist|point it at a CloudFormation template" },
        { "a YAML syntax error", "IPV6LAMBDA_TEMPLATE", Template("syntax", t => t.Replace("Resources:\n", "Resources:\n  Broken: [unclosed, flow\n", StringComparison.Ordinal)), "cannot be parsed (line |column " },
        { "an unknown tag", "IPV6LAMBDA_TEMPLATE", Template("tag", t => t.Replace("Resources:\n", "Resources:\n  Odd: !NotACloudFormationTag x\n", StringComparison.Ordinal)), "cannot be parsed|!NotACloudFormationTag" },
        { "a template over 51,200 bytes", "IPV6LAMBDA_TEMPLATE", Template("big", t => t + "\n# " + new string('x', TemplateRules.MaxTemplateBodyBytes) + "\n"), "over CreateStack's TemplateBody limit of 51,200 bytes|TemplateURL" },
        { "an invalid region", "AWS_REGION", "us-east-one", "AWS_REGION='us-east-one' is not a region name|set it like us-east-1" },
        { "a prefix with an invalid character", "IPV6LAMBDA_STACK_PREFIX", "ipv6_lambda", "IPV6LAMBDA_STACK_PREFIX='ipv6_lambda'|[a-zA-Z][-a-zA-Z0-9]*" },
        { "a prefix too long for the suffix", "IPV6LAMBDA_STACK_PREFIX", new string('p', StackNames.MaxPrefixLength + 1), "at most 106 fit before the 22-character run suffix|shorten it" },
        { "a ProbeUrl that is not http", "IPV6LAMBDA_PARAMETER_ProbeUrl", "ftp://ipv6.google.com/", "IPV6LAMBDA_PARAMETER_ProbeUrl='ftp://ipv6.google.com/' is not an http:// or https:// URL|set it like https://" },
        { "a negative create timeout", "IPV6LAMBDA_CREATE_TIMEOUT", "-5m", "IPV6LAMBDA_CREATE_TIMEOUT='-5m' is not a positive duration|write it as 20m" },
        { "a non-numeric delete timeout", "IPV6LAMBDA_DELETE_TIMEOUT", "later", "IPV6LAMBDA_DELETE_TIMEOUT='later' is not a positive duration|write it as 20m" },
        { "a zero create timeout", "IPV6LAMBDA_CREATE_TIMEOUT", "0", "IPV6LAMBDA_CREATE_TIMEOUT='0' is not a positive duration|write it as 20m" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_input_fails_the_run_with_one_line_naming_the_problem_and_the_fix_before_any_AWS_call(string what, string variable, string value, string expected)
    {
        var connected = false;
        var session = new LiveSession(
            (_, _) =>
            {
                connected = true;
                return Task.FromResult(LiveConnection.Skip("no credentials in this test"));
            },
            environment: new Dictionary<string, string?> { [variable] = value });

        await session.StartAsync(TestContext.Current.CancellationToken);
        await session.DisposeAsync();

        connected.Should().BeFalse("{0} is a local problem: the session must not even connect to AWS", what);
        session.SkipReason.Should().BeNull("{0} is a configuration error: it fails the run, it never skips", what);
        session.Failure.Should().NotBeNull("{0} must fail the run", what);
        var failure = session.Failure!;
        failure.Message.Should().NotContain("\n", "the error for {0} is one line", what);
        foreach (var part in expected.Split('|'))
        {
            failure.Message.Should().Contain(part, "the error for {0} names the problem and the fix", what);
        }

        var act = () => session.Require();
        act.Should().Throw<LiveStackUnavailableException>().WithMessage(failure.Message, "every live test rethrows the one line");
    }

    [Fact]
    public async Task Missing_credentials_skip_the_run_with_the_reason_but_a_broken_template_still_fails_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var healthy = new LiveSession((_, _) => Task.FromResult(LiveConnection.Skip("No AWS credentials resolved")), environment: new Dictionary<string, string?>());
        await healthy.StartAsync(ct);
        healthy.SkipReason.Should().Be("No AWS credentials resolved");
        healthy.Failure.Should().BeNull();

        var broken = new LiveSession(
            (_, _) => Task.FromResult(LiveConnection.Skip("No AWS credentials resolved")),
            environment: new Dictionary<string, string?> { ["IPV6LAMBDA_TEMPLATE"] = Template("nocreds", t => t.Replace("Resources:\n", "Resources:\n  Broken: [\n", StringComparison.Ordinal)) });
        await broken.StartAsync(ct);
        broken.SkipReason.Should().BeNull("a broken template is found before credentials are looked at, and fails even without them");
        broken.Failure.Should().BeOfType<TemplatePreflightException>();
    }

    [Fact]
    public void The_size_check_counts_UTF8_bytes_not_characters()
    {
        var justFits = new string('x', TemplateRules.MaxTemplateBodyBytes);
        TemplatePreflight.CheckSize("t.yaml", justFits).Should().BeNull("51,200 bytes fit");
        TemplatePreflight.CheckSize("t.yaml", justFits[1..] + "é").Should().Contain("51,201 bytes", "é is two bytes in UTF-8");
    }

    [Fact]
    public void The_real_template_passes_the_preflight()
    {
        var act = () => TemplatePreflight.Check(RepoRoot.TemplatePath);

        act.Should().NotThrow();
    }

    private static string Template(string name, Func<string, string> change)
    {
        var text = File.ReadAllText(RepoRoot.TemplatePath).ReplaceLineEndings("\n");
        var changed = change(text);
        if (changed == text)
        {
            throw new InvalidOperationException($"The '{name}' change did not alter template.yaml; update BadInputTests.");
        }

        var path = Path.Combine(Templates.Value, name + ".yaml");
        File.WriteAllText(path, changed);
        return path;
    }
}
