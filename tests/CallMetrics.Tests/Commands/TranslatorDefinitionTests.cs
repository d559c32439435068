using CallMetrics.Commands;
using CallMetrics.Inputs;

namespace CallMetrics.Tests.Commands;

public class TranslatorDefinitionTests
{
    [Fact]
    public void Translator_options_bind_to_translator_options()
    {
        var (definition, result) = Parse("--wrapup", "sales=15s", "--wrapup", "10s", "--acw-end", "cleared-or-status", "--agent-alias", "Alice Smith=1001", "--hold-back=2m", "--team-level", "2");

        var options = definition.Bind(result);

        result.Errors.Should().BeEmpty();
        definition.AnyGiven(result).Should().BeTrue();
        options.QueueWrapUp["sales"].Should().Be(TimeSpan.FromSeconds(15));
        options.DefaultWrapUp.Should().Be(TimeSpan.FromSeconds(10));
        options.AmazonConnectAcwEnd.Should().Be(AmazonConnectAcwEnd.ContactClearedOrStatusChange);
        options.AsteriskAgentAliases["Alice Smith"].Should().Be("1001");
        options.AmazonConnectHoldBack.Should().Be(TimeSpan.FromMinutes(2));
        options.AmazonConnectTeamLevel.Should().Be(2);
        options.TryValidate(out var error).Should().BeTrue(error);
    }

    [Fact]
    public void Without_options_the_documented_defaults_apply()
    {
        var (definition, result) = Parse();

        var options = definition.Bind(result);

        definition.AnyGiven(result).Should().BeFalse();
        options.Tenant.Should().Be("default");
        options.DefaultWrapUp.Should().Be(TimeSpan.Zero);
        options.AsteriskReorderWindow.Should().Be(TimeSpan.FromSeconds(10));
        options.AmazonConnectHoldBack.Should().Be(TimeSpan.FromMinutes(10));
        options.AsteriskAgentNaming.Should().Be(AsteriskAgentNaming.StripTechnology);
        options.AmazonConnectAcwEnd.Should().Be(AmazonConnectAcwEnd.ContactCleared);
        options.AmazonConnectTeamLevel.Should().BeNull();
        EventTranslators.Formats.Should().Equal("asterisk-queue-log", "amazon-connect");
    }

    [Theory]
    [InlineData("--wrapup", "sales=15", "'sales=15' is not QUEUE=DURATION or DURATION")]
    [InlineData("--wrapup", "=15s", "'=15s' is not QUEUE=DURATION or DURATION")]
    [InlineData("--agent-alias", "Alice", "'Alice' is not NAME=ID")]
    [InlineData("--agent-naming", "upper", "'upper' is not one of strip, as-written")]
    [InlineData("--reorder-window", "30", "'30' is not a duration")]
    public void A_bad_value_is_an_error_naming_the_option(string option, string value, string expected)
    {
        var (_, result) = Parse(option, value);

        result.Errors.Should().ContainSingle().Which.Message.Should().Be($"option {option}: {expected}" + (expected.EndsWith("DURATION", StringComparison.Ordinal) || expected.EndsWith("a duration", StringComparison.Ordinal) ? $" ({CommandOptions.DurationExamples})" : string.Empty));
    }

    private static (TranslatorDefinition Definition, System.CommandLine.ParseResult Result) Parse(params string[] args)
    {
        var command = new System.CommandLine.Command("convert");
        var definition = new TranslatorDefinition(command);
        return (definition, command.Parse(args));
    }
}
