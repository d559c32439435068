using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>One canonical event as the tests produce it: its Kafka key (EVENTS.md), its JSON, and its event time for ordering.</summary>
/// <param name="Timestamp">The event's <c>ts</c>; only used to put several sources into one time order.</param>
/// <param name="Key">The message key: <c>call_id</c> for call events, <c>agent_id</c> for agent events.</param>
/// <param name="Json">The message value, one JSON object.</param>
internal sealed record TestEvent(DateTimeOffset Timestamp, string Key, string Json)
{
    /// <summary>Parses a canonical event line, giving it <paramref name="tenant"/> and the key EVENTS.md prescribes.</summary>
    public static TestEvent FromLine(string line, string tenant)
    {
        JsonObject json = JsonNode.Parse(line)!.AsObject();
        json["tenant"] = tenant;
        string type = (string)json["type"]!;
        string key = type.StartsWith("agent.", StringComparison.Ordinal) ? (string)json["agent_id"]! : (string)json["call_id"]!;
        return new TestEvent(DateTimeOffset.Parse((string)json["ts"]!, CultureInfo.InvariantCulture), key, json.ToJsonString());
    }

    /// <summary>
    /// An <c>agent.logout</c> of agent <c>clock</c> in tenant <c>clock</c>: it creates no series, but its <c>ts</c> moves the
    /// service's watermark past every window of the data, so they become final.
    /// </summary>
    /// <param name="at">The clock's time.</param>
    /// <param name="copy">Tells apart several clock events at one time (one per partition): distinct ids, so none is a duplicate.</param>
    public static TestEvent Clock(DateTimeOffset at, int copy = 0) => new(
        at,
        "clock",
        $$"""{"event_id":"clock-{{at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}}-{{copy.ToString(CultureInfo.InvariantCulture)}}","type":"agent.logout","ts":"{{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}}","tenant":"clock","agent_id":"clock"}""");

    /// <summary>
    /// When the clock event of a test follows its last event at <paramref name="last"/>: an hour later, which closes every
    /// window (15 min plus lateness) yet stays far within the FCR window, so that the service's watermark settles no
    /// contact that replay's end-of-input clock leaves pending (METRICS.md "Repeat contacts": the two clocks differ).
    /// </summary>
    public static DateTimeOffset ClockAfter(DateTimeOffset last) => last.AddHours(1);

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(Key);

    public byte[] JsonBytes => Encoding.UTF8.GetBytes(Json);
}
