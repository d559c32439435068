using CallMetrics.Core.Alerts;

namespace CallMetrics.Core.Tests.Alerts;

public sealed class AlertJsonTests
{
    private static readonly AlertRule Rule = new("r", "queue_state", "waiting", AlertOp.Greater, 1, TimeSpan.Zero, TimeSpan.Zero, []);

    [Fact]
    public void A_firing_is_written_with_sorted_tags_whole_second_utc_time_and_the_value_as_the_line_wrote_it()
    {
        var json = AlertJson.Format(new AlertTransition(Rule, [new("queue", "sales"), new("tenant", "default")], AlertState.Firing, 1_795_338_300_000_000_000L, "180.0"));

        json.Should().Be("""{"rule": "r", "tags": {"queue": "sales", "tenant": "default"}, "state": "firing", "at": "2026-11-22T09:05:00Z", "value": 180.0}""");
    }

    [Fact]
    public void A_resolve_without_a_value_has_no_value_member()
    {
        var json = AlertJson.Format(new AlertTransition(Rule, [new("tenant", "default")], AlertState.Resolved, 1_795_338_360_000_000_000L, null));

        json.Should().Be("""{"rule": "r", "tags": {"tenant": "default"}, "state": "resolved", "at": "2026-11-22T09:06:00Z"}""");
    }

    [Fact]
    public void Quotes_backslashes_and_non_ascii_characters_in_names_are_escaped()
    {
        var json = AlertJson.Format(new AlertTransition(Rule, [new("queue", "ventes \"é\"\\")], AlertState.Firing, 0, "0"));

        json.Should().Contain("""{"queue": "ventes \"\u00e9\"\\"}""");
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("tags").GetProperty("queue").GetString().Should().Be("ventes \"é\"\\");
    }
}
