using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

public class RfcTimestampTests
{
    [Theory]
    [InlineData("2026-11-22T09:00:05.250Z")]
    [InlineData("1971-01-01T00:00:00.000Z")]
    [InlineData("2028-02-29T23:59:59.999Z")]
    public void Formats_like_the_round_trip_of_DateTimeOffset(string text)
    {
        var ms = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        RfcTimestamp.ToText(ms).Should().Be(text);
    }

    [Fact]
    public void The_cached_day_changes_at_midnight()
    {
        var formatter = new RfcTimestamp();
        var midnight = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var buffer = new byte[RfcTimestamp.Length];

        formatter.Format(midnight - 1, buffer);
        System.Text.Encoding.ASCII.GetString(buffer).Should().Be("2026-11-22T23:59:59.999Z");
        formatter.Format(midnight, buffer);
        System.Text.Encoding.ASCII.GetString(buffer).Should().Be("2026-11-23T00:00:00.000Z");
    }
}
