using CallMetrics.Inputs;

namespace CallMetrics.Tests.Inputs;

public class TranslatorArgumentsTests
{
    [Fact]
    public void Translator_options_are_applied_and_others_are_reported_unknown_for_the_caller_to_handle()
    {
        var options = new TranslatorOptions();

        TranslatorArguments.TryApply("--wrapup", "sales=15", options, out var known, out _).Should().BeTrue();
        known.Should().BeTrue();
        TranslatorArguments.TryApply("--wrapup", "10s", options, out _, out _).Should().BeTrue();
        TranslatorArguments.TryApply("--acw-end", "cleared-or-status", options, out _, out _).Should().BeTrue();
        TranslatorArguments.TryApply("--interval", "15m", options, out known, out _).Should().BeFalse();

        known.Should().BeFalse("replay's own options are not translator options");
        options.QueueWrapUp["sales"].Should().Be(TimeSpan.FromSeconds(15));
        options.DefaultWrapUp.Should().Be(TimeSpan.FromSeconds(10));
        options.AmazonConnectAcwEnd.Should().Be(AmazonConnectAcwEnd.ContactClearedOrStatusChange);
        options.TryValidate(out var error).Should().BeTrue(error);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new TranslatorOptions();

        options.Tenant.Should().Be("default");
        options.DefaultWrapUp.Should().Be(TimeSpan.Zero);
        options.AsteriskReorderWindow.Should().Be(TimeSpan.FromSeconds(10));
        options.AmazonConnectHoldBack.Should().Be(TimeSpan.FromMinutes(10));
        options.AsteriskAgentNaming.Should().Be(AsteriskAgentNaming.StripTechnology);
        options.AmazonConnectAcwEnd.Should().Be(AmazonConnectAcwEnd.ContactCleared);
        options.AmazonConnectTeamLevel.Should().BeNull();
        EventTranslators.Formats.Should().Equal("asterisk-queue-log", "amazon-connect");
    }
}
