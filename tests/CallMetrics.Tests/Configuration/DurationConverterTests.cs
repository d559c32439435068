using CallMetrics.Configuration;
using CallMetrics.Pipeline;
using Microsoft.Extensions.Configuration;

namespace CallMetrics.Tests.Configuration;

public class DurationConverterTests
{
    public DurationConverterTests() => DurationConverter.Register();

    [Fact]
    public void Settings_read_durations_in_the_command_line_syntax_and_as_time_spans()
    {
        var settings = Bind(new()
        {
            ["Interval"] = "30m",
            ["Step"] = "00:05:00",
            ["ServiceLevelThreshold"] = "20s",
            ["Retention"] = "2d",
            ["MaxFutureSkew"] = "7d",
            ["Rolling"] = string.Empty,
        });

        settings.Interval.Should().Be(TimeSpan.FromMinutes(30));
        settings.Step.Should().Be(TimeSpan.FromMinutes(5));
        settings.ServiceLevelThreshold.Should().Be(TimeSpan.FromSeconds(20));
        settings.Retention.Should().Be(TimeSpan.FromDays(2));
        settings.MaxFutureSkew.Should().Be(TimeSpan.FromDays(7));
        settings.Rolling.Should().BeNull("an empty value turns rolling windows off");
    }

    [Theory]
    [InlineData("30")]
    [InlineData("soon")]
    [InlineData("-5s")]
    public void A_value_that_is_not_a_duration_fails_binding_naming_the_setting(string value)
    {
        var binding = () => Bind(new() { ["Interval"] = value });

        binding.Should().Throw<InvalidOperationException>().WithMessage("*Interval*").WithInnerException<FormatException>().WithMessage($"'{value}' is not a duration*");
    }

    private static MetricsSettings Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Get<MetricsSettings>()!;
}
