using System.Text;
using Ipv6Lambda.Fixtures;
using Ipv6Lambda.Fixtures.Templates;

namespace Ipv6Lambda.Template.Tests;

public class ParserTests
{
    private const string ShortForms = """
        Conditions:
          HasName: !Not [!Equals [!Ref Name, '']]
          Both: !And [!Condition HasName, !Or [!Condition HasName, !Equals [a, b]]]
        Resources:
          Thing:
            Type: AWS::Test::Thing
            DependsOn: Other
            Properties:
              A: !Ref Other
              B: !GetAtt Other.Arn
              C: !GetAtt [Other, Arn]
              D: !Sub '${Other}-${Other.Arn}-${AWS::Region}'
              E: !Select [0, !Cidr [!Select [0, !GetAtt Other.Ipv6CidrBlocks], 2, 64]]
              F: !GetAZs ''
              G: !Join [',', !Split ['|', 'a|b']]
              H: !If [HasName, !FindInMap [M, K, V], !Base64 x]
              I: !ImportValue exported
          Other:
            Type: AWS::Test::Other
        """;

    private const string LongForms = """
        Conditions:
          HasName: { "Fn::Not": [{ "Fn::Equals": [{ Ref: Name }, ''] }] }
          Both: { "Fn::And": [{ Condition: HasName }, { "Fn::Or": [{ Condition: HasName }, { "Fn::Equals": [a, b] }] }] }
        Resources:
          Thing:
            Type: AWS::Test::Thing
            DependsOn: [Other]
            Properties:
              A: { Ref: Other }
              B: { "Fn::GetAtt": [Other, Arn] }
              C: { "Fn::GetAtt": Other.Arn }
              D: { "Fn::Sub": '${Other}-${Other.Arn}-${AWS::Region}' }
              E: { "Fn::Select": [0, { "Fn::Cidr": [{ "Fn::Select": [0, { "Fn::GetAtt": [Other, Ipv6CidrBlocks] }] }, 2, 64] }] }
              F: { "Fn::GetAZs": '' }
              G: { "Fn::Join": [',', { "Fn::Split": ['|', 'a|b'] }] }
              H: { "Fn::If": [HasName, { "Fn::FindInMap": [M, K, V] }, { "Fn::Base64": x }] }
              I: { "Fn::ImportValue": exported }
          Other:
            Type: AWS::Test::Other
        """;

    [Fact]
    public void Short_and_long_intrinsic_forms_parse_to_the_same_model()
    {
        var shortModel = TemplateModel.Parse(ShortForms, "short.yaml");
        var longModel = TemplateModel.Parse(LongForms, "long.yaml");

        shortModel.Conditions.Should().BeEquivalentTo(longModel.Conditions);
        shortModel.Resource("Thing")!.Properties.Should().Be(longModel.Resource("Thing")!.Properties);
        shortModel.Resource("Thing")!.DependsOn.Should().Equal(longModel.Resource("Thing")!.DependsOn).And.Equal("Other");
        shortModel.Resource("Thing")!.Property("B").Should().Be(TemplateValue.GetAtt("Other", "Arn"));
        shortModel.Resource("Thing")!.Property("C").Should().Be(TemplateValue.GetAtt("Other", "Arn"));
    }

    [Fact]
    public void A_changed_short_form_no_longer_equals_the_long_form()
    {
        // Guards the structural equality the previous test relies on: it must be able to say "different".
        var shortModel = TemplateModel.Parse(ShortForms.Replace("!GetAtt Other.Arn", "!GetAtt Other.Id", StringComparison.Ordinal), "short.yaml");
        var longModel = TemplateModel.Parse(LongForms, "long.yaml");

        shortModel.Resource("Thing")!.Properties.Should().NotBe(longModel.Resource("Thing")!.Properties);
    }

    [Fact]
    public void References_come_from_Ref_GetAtt_Sub_and_DependsOn()
    {
        var model = TemplateModel.Parse("""
            Resources:
              A:
                Type: AWS::Test::A
                Properties:
                  X: !Sub ['${B.Arn}/${Var}/${!Literal}/${AWS::Region}', { Var: !Ref C }]
              B: { Type: AWS::Test::B, DependsOn: D }
              C: { Type: AWS::Test::C }
              D: { Type: AWS::Test::D }
              E: { Type: AWS::Test::E }
            """, "refs.yaml");

        model.Resource("A")!.Definition.ReferencedIds().Should().BeEquivalentTo(["B", "C", "AWS::Region"]);
        model.DependenciesOf("A").Should().BeEquivalentTo(["B", "C"]);
        model.DependsOnTransitively("A", "D").Should().BeTrue("A references B, which DependsOn D");
        model.DependsOnTransitively("A", "E").Should().BeFalse();
    }

    [Fact]
    public void A_JSON_template_parses_like_its_YAML_twin()
    {
        var json = TemplateModel.Parse("""
            {
              "Resources": {
                "Thing": {
                  "Type": "AWS::Test::Thing",
                  "DependsOn": "Other",
                  "Properties": { "A": { "Ref": "Other" }, "B": { "Fn::GetAtt": ["Other", "Arn"] }, "N": 30, "T": true }
                },
                "Other": { "Type": "AWS::Test::Other" }
              }
            }
            """, "template.json");
        var yaml = TemplateModel.Parse("""
            Resources:
              Thing:
                Type: AWS::Test::Thing
                DependsOn: Other
                Properties: { A: !Ref Other, B: !GetAtt Other.Arn, N: 30, T: true }
              Other:
                Type: AWS::Test::Other
            """, "template.yaml");

        json.Root.Should().Be(yaml.Root);
        json.Resource("Thing")!.Property("N")!.AsLong().Should().Be(30);
        json.Resource("Thing")!.Property("T")!.AsBool().Should().BeTrue();
    }

    [Theory]
    [InlineData("Resources:\n  Thing:\n    Type: [unclosed\n  Other: x\n", 3)]
    [InlineData("Resources:\n  Thing:\n    Type: 'unterminated\n", 3)]
    [InlineData("Resources:\n  Thing:\n    Type: AWS::Test::Thing\n   Bad: x\n", 4)]
    [InlineData("Resources:\n  Thing: { Type: a }\n  Thing: { Type: b }\n", 3)]
    public void A_YAML_syntax_error_reports_its_line_and_column(string text, int line)
    {
        var act = () => TemplateModel.Parse(text, "broken.yaml");

        var error = act.Should().Throw<TemplateLoadException>().Which;
        TestContext.Current.TestOutputHelper?.WriteLine(error.Message);
        error.Line.Should().BeInRange(line - 1, line + 1, "the reported position must point at or next to the broken line");
        error.Column.Should().BeGreaterThan(0);
        error.Message.Should().StartWith($"broken.yaml:{error.Line}:{error.Column}: YAML syntax error").And.Contain("Fix:").And.NotContain("\n");
    }

    [Fact]
    public void An_unknown_tag_is_reported_with_its_position()
    {
        var act = () => TemplateModel.Parse("Resources:\n  Thing:\n    Type: AWS::Test::Thing\n    Properties:\n      A: !Reff Other\n", "tags.yaml");

        act.Should().Throw<TemplateLoadException>()
            .WithMessage("tags.yaml:5:*unknown tag '!Reff'*Fix:*")
            .Which.Line.Should().Be(5);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(RepoRoot.Find(), "no-such-template.yaml");

        var act = () => TemplateModel.Load(path);

        act.Should().Throw<TemplateLoadException>().WithMessage($"Template file not found: '{path}'*Fix:*");
    }

    [Theory]
    [InlineData("- a\n- b\n", "*top level is a sequence*")]
    [InlineData("Description: no resources\n", "*no Resources section*")]
    [InlineData("Resources: []\n", "*Resources is not a mapping*")]
    [InlineData("Resources:\n  Thing: { Properties: {} }\n", "*resource 'Thing' is not a mapping with a Type*")]
    [InlineData("", "*the template is empty*")]
    public void A_template_without_a_Resources_mapping_is_rejected(string text, string message)
    {
        var act = () => TemplateModel.Parse(text, "bad.yaml");

        act.Should().Throw<TemplateLoadException>().WithMessage(message).Which.Message.Should().NotContain("\n");
    }

    [Fact]
    public void The_real_template_reports_its_exact_byte_size()
    {
        var template = RealTemplate.Model;

        template.IsSourceText.Should().BeTrue();
        template.ByteSize.Should().Be(File.ReadAllBytes(RepoRoot.TemplatePath).Length);
    }

    [Fact]
    public void A_changed_model_serialises_to_JSON_that_parses_back_to_the_same_model()
    {
        var changed = RealTemplate.Model.WithProperty("ProbeFunction", "Timeout", TemplateValue.Of(60));

        changed.IsSourceText.Should().BeFalse();
        var reparsed = TemplateModel.Parse(changed.Text, "changed.json");
        reparsed.Root.Should().Be(changed.Root);
        reparsed.Resource("ProbeFunction")!.Property("Timeout")!.AsLong().Should().Be(60);
        changed.ByteSize.Should().Be(Encoding.UTF8.GetByteCount(changed.Text));
    }

    [Fact]
    public void Mutations_leave_the_original_model_untouched()
    {
        var original = RealTemplate.Model;

        var changed = original.WithoutResource("Ipv6DefaultRoute").UpdateResource("SubnetA", r => r.WithoutDependsOn("FunctionRole"));

        original.Resource("Ipv6DefaultRoute").Should().NotBeNull();
        original.Resource("SubnetA")!.DependsOn.Should().Equal("VpcIpv6CidrBlock", "FunctionRole");
        changed.Resource("Ipv6DefaultRoute").Should().BeNull();
        changed.Resource("SubnetA")!.DependsOn.Should().Equal("VpcIpv6CidrBlock");
    }

    [Fact]
    public void The_real_template_parses_into_typed_sections()
    {
        var template = RealTemplate.Model;

        template.Parameters.Select(p => p.Name).Should().Contain(["VpcIpv4Cidr", "ProbeUrl", "LogRetentionInDays"]);
        template.Conditions.Keys.Should().BeEquivalentTo(["HasAvailabilityZone1", "HasAvailabilityZone2"]);
        template.Resource("FunctionLogGroup")!.DeletionPolicy.Should().Be("Delete");
        template.Resource("ProbeFunction")!.Type.Should().Be("AWS::Lambda::Function");
        template.Resource("ProbeFunction")!.Property("Role").Should().Be(TemplateValue.GetAtt("FunctionRole", "Arn"));
        template.Outputs.Should().HaveCount(9);
    }
}
