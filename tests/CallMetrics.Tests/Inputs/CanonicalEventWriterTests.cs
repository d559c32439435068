using System.Globalization;
using System.Text;
using CallMetrics.Inputs;

namespace CallMetrics.Tests.Inputs;

public class CanonicalEventWriterTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 22, 9, 0, 5, 250, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void An_event_with_a_given_id_has_the_envelope_first_and_leaves_out_empty_fields()
    {
        var writer = new CanonicalEventWriter();

        var json = writer.Begin("e1", CanonicalNames.CallArrived, T0, "acme")
            .Field(CanonicalNames.CallId, "c1").Field(CanonicalNames.Caller, "+3120555").Field(CanonicalNames.CallType, (string?)null).End();

        Encoding.UTF8.GetString(json).Should().Be(
            """{"event_id":"e1","type":"call.arrived","ts":"2026-11-22T09:00:05.250Z","tenant":"acme","call_id":"c1","caller":"+3120555"}""");
    }

    [Fact]
    public void Numbered_ids_run_from_1_after_the_prefix_and_a_null_tenant_is_not_written()
    {
        var writer = new CanonicalEventWriter("sim-7-");

        var first = writer.Begin(CanonicalNames.AgentLogout, T0, null).Field(CanonicalNames.AgentId, "a1").End();
        var second = writer.Begin(CanonicalNames.SurveyCompleted, T0, null).Field(CanonicalNames.CallId, "c1").Field(CanonicalNames.Score, 4).End();

        Encoding.UTF8.GetString(first).Should().Be("""{"event_id":"sim-7-1","type":"agent.logout","ts":"2026-11-22T09:00:05.250Z","agent_id":"a1"}""");
        Encoding.UTF8.GetString(second).Should().Be("""{"event_id":"sim-7-2","type":"survey.completed","ts":"2026-11-22T09:00:05.250Z","call_id":"c1","score":4}""");
        writer.Count.Should().Be(2);
    }

    [Fact]
    public void Each_event_is_its_own_copy()
    {
        var writer = new CanonicalEventWriter();
        var first = writer.Begin("a", CanonicalNames.CallEnded, T0, null).End();

        writer.Begin("b", CanonicalNames.CallEnded, T0, null).Field(CanonicalNames.CallId, "long-enough-to-overwrite").End();

        Encoding.UTF8.GetString(first).Should().Be("""{"event_id":"a","type":"call.ended","ts":"2026-11-22T09:00:05.250Z"}""");
    }

    [Theory]
    [InlineData("2026-11-22T09:00:05.250Z")]
    [InlineData("1971-01-01T00:00:00.000Z")]
    [InlineData("1969-12-31T23:59:59.999Z")]
    [InlineData("2028-02-29T23:59:59.999Z")]
    [InlineData("2100-03-01T00:00:00.001Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void Timestamps_format_like_the_round_trip_of_DateTimeOffset(string text)
    {
        var ms = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        CanonicalEventWriter.FormatTimestamp(ms).Should().Be(text);
    }

    [Fact]
    public void Every_millisecond_of_a_sampled_range_formats_as_DateTimeOffset_does()
    {
        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            var ms = (long)(random.NextDouble() * 8_000_000_000_000L) - 1_000_000_000_000L;

            CanonicalEventWriter.FormatTimestamp(ms).Should().Be(
                DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
    }
}
