using CallMetrics.Core.Options;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

public class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("8h", 28_800)]
    [InlineData("2d", 172_800)]
    [InlineData("1.5h", 5_400)]
    [InlineData("250ms", 0.25)]
    [InlineData("0s", 0)]
    public void TryParse_reads_a_number_and_a_unit(string text, double seconds)
    {
        DurationText.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8")]
    [InlineData("h")]
    [InlineData("8x")]
    [InlineData("-1h")]
    [InlineData("1e3s")]
    [InlineData("99999999d")]
    public void TryParse_rejects_anything_else(string text)
    {
        DurationText.TryParse(text, out _).Should().BeFalse();
    }
}
