using System.Diagnostics;
using Ipv6Lambda.Fixtures.Rules;
using Ipv6Lambda.Fixtures.Templates;

namespace Ipv6Lambda.Template.Tests;

/// <summary>template.yaml keeps every named rule of the contract.</summary>
public class TemplateRuleTests
{
    private static void Holds(IRule<TemplateModel> rule)
    {
        var findings = rule.Evaluate(RealTemplate.Model).ToList();
        findings.Should().BeEmpty($"template.yaml must satisfy {rule.Id} ({rule.Description}), but:{Environment.NewLine}{RealTemplate.Describe(findings)}");
    }

    [Fact]
    public void The_function_allows_IPv6_for_dual_stack_on_stack_owned_subnets_and_security_groups() => Holds(TemplateRules.FunctionVpcDualStack);

    [Fact]
    public void Every_function_subnet_is_dual_stack() => Holds(TemplateRules.DualStackSubnets);

    [Fact]
    public void Every_function_subnet_waits_for_the_Amazon_provided_IPv6_block() => Holds(TemplateRules.SubnetWaitsForIpv6Block);

    [Fact]
    public void Every_function_subnet_routes_IPv6_default_traffic_to_the_egress_only_gateway() => Holds(TemplateRules.Ipv6DefaultRoute);

    [Fact]
    public void There_is_no_IPv4_way_to_the_internet() => Holds(TemplateRules.NoIpv4InternetEgress);

    [Fact]
    public void The_security_group_has_no_ingress_and_allows_HTTPS_egress_over_IPv6() => Holds(TemplateRules.SecurityGroupEgressOnly);

    [Fact]
    public void No_resource_has_a_fixed_name() => Holds(TemplateRules.NoFixedNames);

    [Fact]
    public void Nothing_hard_codes_a_region() => Holds(TemplateRules.NoRegionLiterals);

    [Fact]
    public void The_function_uses_no_layers() => Holds(TemplateRules.FunctionHasNoLayers);

    [Fact]
    public void The_runtime_is_supported_and_not_deprecated() => Holds(TemplateRules.RuntimeSupported);

    [Fact]
    public void The_execution_role_outlives_the_function_ENIs() => Holds(TemplateRules.RoleOutlivesEnis);

    [Fact]
    public void The_function_logs_to_a_stack_owned_log_group_with_retention() => Holds(TemplateRules.LogGroupWithRetention);

    [Fact]
    public void The_outputs_the_suite_reads_exist() => Holds(TemplateRules.RequiredOutputsExist);

    [Fact]
    public void The_inline_code_zips_within_4_MB() => Holds(TemplateRules.InlineCodeWithinLimit);

    [Fact]
    public void The_template_fits_the_TemplateBody_limit() => Holds(TemplateRules.TemplateBodyWithinLimit);

    [Fact]
    public void The_function_timeout_leaves_room_for_a_cold_start_and_the_probe() => Holds(TemplateRules.FunctionTimeout);

    [Fact]
    public void The_inline_handler_is_defined_in_the_code() => Holds(TemplateRules.InlineHandlerDefined);

    [Fact]
    public void All_rules_pass_on_the_real_template()
    {
        var findings = TemplateRules.Evaluate(RealTemplate.Model);

        findings.Should().BeEmpty($"template.yaml must keep the whole contract, but:{Environment.NewLine}{RealTemplate.Describe(findings)}");
    }

    [Fact]
    public void Every_rule_has_a_unique_id_and_a_description()
    {
        TemplateRules.Catalogue.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        TemplateRules.Catalogue.Should().AllSatisfy(r => r.Description.Should().NotBeNullOrWhiteSpace());
        TemplateRules.Catalogue.Should().HaveCount(TemplateRules.All.Count);
    }

    [Fact]
    public void The_runtime_rule_judges_by_the_date_it_is_given()
    {
        var python310 = RealTemplate.Model.WithProperty("ProbeFunction", "Runtime", TemplateValue.Of("python3.10"));

        TemplateRules.RuntimeSupportedOn(new DateOnly(2026, 6, 29)).Evaluate(python310).Should().BeEmpty("python3.10 is deprecated on 2026-06-30, not before");
        TemplateRules.RuntimeSupportedOn(new DateOnly(2026, 6, 30)).Evaluate(python310).Should().ContainSingle()
            .Which.Problem.Should().Contain("2026-06-30");
    }

    [Fact]
    public void Evaluating_all_rules_on_the_real_template_is_fast()
    {
        var output = TestContext.Current.TestOutputHelper;
        var template = RealTemplate.Model;

        var first = Stopwatch.StartNew();
        TemplateRules.Evaluate(template);
        first.Stop();

        const int runs = 20;
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            TemplateRules.Evaluate(template);
        }

        warm.Stop();

        var load = Stopwatch.StartNew();
        var reloaded = TemplateModel.Parse(template.Text, "template.yaml");
        load.Stop();

        output?.WriteLine($"TemplateRules.Evaluate over template.yaml ({template.ByteSize} bytes, {TemplateRules.All.Count} rules): " +
            $"first {first.Elapsed.TotalMilliseconds:F1} ms, warm mean {warm.Elapsed.TotalMilliseconds / runs:F2} ms over {runs} runs; " +
            $"parse {load.Elapsed.TotalMilliseconds:F1} ms.");
        reloaded.Resources.Should().HaveCount(template.Resources.Count);
        first.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a generous ceiling only catches pathological regressions; the number is reported, not asserted tightly");
    }
}
