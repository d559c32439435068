using CallMetrics.Core.Options;

namespace CallMetrics.Core.Tests.Options;

public class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("8h", 28_800)]
    [InlineData("2d", 172_800)]
    [InlineData("1.5h", 5_400)]
    [InlineData("250ms", 0.25)]
    [InlineData("1h30m", 5_400)]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    [InlineData("00:00:20", 20)]
    [InlineData("1.00:00:00", 86_400)]
    public void TryParse_reads_a_number_and_a_unit_or_a_time_span(string text, double seconds)
    {
        DurationText.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8")]
    [InlineData("30")]
    [InlineData("h")]
    [InlineData("8x")]
    [InlineData("-1h")]
    [InlineData("-00:00:05")]
    [InlineData("1e3s")]
    [InlineData("99999999d")]
    public void TryParse_rejects_anything_else(string text)
    {
        DurationText.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("15m")]
    [InlineData("1h30m")]
    [InlineData("2d")]
    [InlineData("250ms")]
    [InlineData("0s")]
    public void Format_prints_what_TryParse_reads_back(string text)
    {
        DurationText.TryParse(text, out var duration).Should().BeTrue();

        DurationText.Format(duration).Should().Be(text);
    }
}
