using System.Text.Json.Serialization;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// A canonical event (EVENTS.md) the way a team writing the pipeline on a general-purpose library would model it:
/// a class bound by System.Text.Json (source-generated, <see cref="PeerJson"/>), with only the fields the peers'
/// subset needs; the others are skipped by the reader.
/// </summary>
public sealed class PeerEvent
{
    /// <summary>Event type.</summary>
    [JsonPropertyName("type")]
    public PeerEventType Type { get; set; }

    /// <summary>Event time.</summary>
    [JsonPropertyName("ts")]
    public DateTimeOffset Ts { get; set; }

    /// <summary>The call, on call events.</summary>
    [JsonPropertyName("call_id")]
    public string? CallId { get; set; }

    /// <summary>The agent, on agent events and the call events that name one.</summary>
    [JsonPropertyName("agent_id")]
    public string? AgentId { get; set; }

    /// <summary>The queue of <c>call.queued</c> (and optionally <c>call.answered</c>).</summary>
    [JsonPropertyName("queue")]
    public string? Queue { get; set; }

    /// <summary>Event time in Unix milliseconds (the events carry millisecond times).</summary>
    [JsonIgnore]
    public long TsMs => Ts.ToUnixTimeMilliseconds();

    /// <summary>Deserializes one JSON line; throws <see cref="System.Text.Json.JsonException"/> on bad input.</summary>
    public static PeerEvent Parse(ReadOnlySpan<byte> utf8) =>
        System.Text.Json.JsonSerializer.Deserialize(utf8, PeerJson.Default.PeerEvent) ?? throw new System.Text.Json.JsonException("null event");
}
