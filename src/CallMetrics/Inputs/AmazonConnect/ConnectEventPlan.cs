using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>
/// The canonical events one agent event record becomes, in the order they are made, before the translator checks
/// them against the output already released and buffers them. Ids are <c>ac-&lt;EventId&gt;-&lt;n&gt;</c>.
/// </summary>
internal sealed class ConnectEventPlan(CanonicalEventWriter writer, string tenant, string eventId)
{
    private int _next;

    public List<PlannedEvent> Events { get; } = [];

    public void Add(DateTimeOffset ts, JsonEncodedText type, string? callId, string? agentId, params (JsonEncodedText Name, string? Value)[] fields)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"ac-{eventId}-{_next++}");
        writer.Begin(id, type, ts, tenant).Field(CanonicalNames.CallId, callId).Field(CanonicalNames.AgentId, agentId);
        foreach (var (name, value) in fields)
        {
            writer.Field(name, value);
        }

        Events.Add(new PlannedEvent(ts, writer.End()));
    }
}
