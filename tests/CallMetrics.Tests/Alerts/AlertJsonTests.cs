using System.Text;
using CallMetrics.Alerts;

namespace CallMetrics.Tests.Alerts;

public sealed class AlertJsonTests
{
    [Fact]
    public void A_firing_change_is_the_object_of_the_spec_with_its_tags_sorted_by_name()
    {
        var json = Encoding.UTF8.GetString(AlertJson.Serialize(Some.Firing()));

        json.Should().Be("""{"rule":"long-wait","tags":{"queue":"sales","tenant":"default"},"state":"firing","at":"2026-11-22T09:14:00Z","value":135.5}""");
    }

    [Fact]
    public void A_resolve_without_the_field_has_no_value_and_a_whole_number_is_written_without_decimals()
    {
        Encoding.UTF8.GetString(AlertJson.Serialize(Some.Resolved())).Should()
            .Be("""{"rule":"long-wait","tags":{"queue":"sales","tenant":"default"},"state":"resolved","at":"2026-11-22T09:19:00Z"}""");
        Encoding.UTF8.GetString(AlertJson.Serialize(Some.Resolved(value: 120))).Should().EndWith("\"value\":120}");
    }

    [Fact]
    public void The_key_is_the_rule_id_then_the_sorted_tags()
    {
        Some.Firing().Key.Should().Be("long-wait;queue=sales;tenant=default");
        Some.Resolved().Key.Should().Be(Some.Firing().Key, "a resolve names the alert it ends");
    }

    [Fact]
    public void At_is_written_in_utc_with_whole_seconds()
    {
        var change = AlertChange.Create("r", [], AlertState.Firing, new DateTimeOffset(2026, 11, 22, 10, 14, 0, 500, TimeSpan.FromHours(1)), 1);

        Encoding.UTF8.GetString(AlertJson.Serialize(change)).Should().Contain("\"at\":\"2026-11-22T09:14:00Z\"").And.Contain("\"tags\":{}");
    }
}
