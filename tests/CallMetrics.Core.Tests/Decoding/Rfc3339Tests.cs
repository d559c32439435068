using System.Text;
using CallMetrics.Core.Decoding;

namespace CallMetrics.Core.Tests.Decoding;

/// <summary>EVENTS.md <c>ts</c>: RFC 3339 with offset, optional fraction, digits beyond nanoseconds truncated.</summary>
public sealed class Rfc3339Tests
{
    // 2026-11-22T09:00:05Z in Unix seconds.
    private const long Nine0005 = 1_795_338_005L;
    private const long Nano = 1_000_000_000L;

    private static long Parse(string text)
    {
        Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var nanos, out var error).Should().BeTrue(error);
        return nanos;
    }

    private static bool Fails(string text) => !Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out _, out _);

    [Theory]
    [InlineData("2026-11-22T09:00:05Z", 0)]
    [InlineData("2026-11-22T09:00:05.250Z", 250_000_000)]
    [InlineData("2026-11-22T09:00:05.5Z", 500_000_000)]
    [InlineData("2026-11-22T09:00:05.000001Z", 1_000)]
    [InlineData("2026-11-22T09:00:05.123456789Z", 123_456_789)]
    public void TryParse_utc_with_or_without_fraction(string text, long fraction)
    {
        Parse(text).Should().Be((Nine0005 * Nano) + fraction);
    }

    [Theory]
    [InlineData("2026-11-22T09:00:05.1234567891Z", 123_456_789)]
    [InlineData("2026-11-22T09:00:05.9999999999999Z", 999_999_999)]
    public void TryParse_digits_beyond_nanoseconds_are_truncated_not_rounded(string text, long fraction)
    {
        Parse(text).Should().Be((Nine0005 * Nano) + fraction);
    }

    [Theory]
    [InlineData("2026-11-22T11:00:05+02:00")]
    [InlineData("2026-11-22T03:30:05-05:30")]
    [InlineData("2026-11-22T09:00:05+00:00")]
    [InlineData("2026-11-22T09:00:05-00:00")]
    [InlineData("2026-11-23T08:00:05+23:00")]
    public void TryParse_offset_is_converted_to_utc(string text)
    {
        Parse(text).Should().Be(Nine0005 * Nano);
    }

    [Fact]
    public void TryParse_offset_crossing_midnight_moves_the_date()
    {
        // 2026-11-22T01:00:05+02:00 is 2026-11-21T23:00:05Z: 10 h before 09:00:05Z.
        Parse("2026-11-22T01:00:05+02:00").Should().Be((Nine0005 - 36_000) * Nano);
    }

    [Theory]
    [InlineData("2026-11-22t09:00:05z")]
    [InlineData("2026-11-22 09:00:05Z")]
    public void TryParse_accepts_the_rfc_3339_lowercase_and_space_variants(string text)
    {
        Parse(text).Should().Be(Nine0005 * Nano);
    }

    [Theory]
    [InlineData("2026-11-22T09:00:05")]
    [InlineData("2026-11-22T09:00:05.250")]
    [InlineData("2026-11-22T09:00:05+0200")]
    [InlineData("2026-11-22T09:00:05+02")]
    public void TryParse_without_a_valid_offset_fails(string text)
    {
        Fails(text).Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22T09:00Z")]
    [InlineData("2026-11-22T09:00:05.Z")]
    [InlineData("2026-02-30T09:00:05Z")]
    [InlineData("2026-02-29T09:00:05Z")]
    [InlineData("2026-13-01T09:00:05Z")]
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T09:60:00Z")]
    [InlineData("2026-11-22T09:00:05Zjunk")]
    [InlineData("2026/11/22T09:00:05Z")]
    [InlineData("+2026-11-22T09:00:05Z")]
    public void TryParse_of_text_that_is_not_an_rfc_3339_timestamp_fails(string text)
    {
        Fails(text).Should().BeTrue();
    }

    [Fact]
    public void TryParse_of_a_leap_day_succeeds()
    {
        Parse("2024-02-29T00:00:00Z").Should().Be(1_709_164_800L * Nano);
    }

    [Fact]
    public void TryParse_before_the_epoch_gives_negative_nanoseconds()
    {
        Parse("1969-12-31T23:59:59.5Z").Should().Be(-500_000_000L);
    }

    [Fact]
    public void TryParse_of_the_epoch_is_zero()
    {
        Parse("1970-01-01T00:00:00Z").Should().Be(0);
    }

    [Theory]
    [InlineData("2026-11-22T09:00:05Z")]
    [InlineData("2026-11-22T09:00:05.25Z")]
    [InlineData("2026-11-22T09:00:05.123456789Z")]
    [InlineData("1969-12-31T23:59:59.5Z")]
    public void Format_writes_utc_with_the_shortest_exact_fraction_and_round_trips(string text)
    {
        Rfc3339.Format(Parse(text)).Should().Be(text);
    }
}
