using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>
/// One Amazon Connect agent event stream record (<c>AgentEvent</c>): its type, time, id, the agent it names and
/// the agent's snapshot after and (when the record carries it) before the event.
/// </summary>
internal sealed record AgentEventRecord(string EventType, DateTimeOffset EventTime, string EventId, string? ArnAgentId, AgentSnapshot Current, AgentSnapshot? Previous)
{
    /// <summary>Parses one JSON record; false with a reason when it is not an agent event this translation reads.</summary>
    public static bool TryParse(ReadOnlySpan<byte> record, [NotNullWhen(true)] out AgentEventRecord? parsed, out string? reason)
    {
        parsed = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.ToArray());
        }
        catch (JsonException e)
        {
            reason = $"not valid JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            return TryRead(document.RootElement, record, out parsed, out reason);
        }
    }

    /// <summary>The agent the record is about: the snapshot's user name, else the one before, else the end of the ARN.</summary>
    public string? AgentId => Current.Username ?? Previous?.Username ?? ArnAgentId;

    private static bool TryRead(JsonElement root, ReadOnlySpan<byte> record, [NotNullWhen(true)] out AgentEventRecord? parsed, out string? reason)
    {
        parsed = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = "an agent event is a JSON object";
            return false;
        }

        var eventType = AgentSnapshot.String(root, "EventType");
        if (eventType is not ("LOGIN" or "LOGOUT" or "STATE_CHANGE" or "HEART_BEAT"))
        {
            reason = eventType is null ? "no EventType" : $"unknown EventType '{eventType}'";
            return false;
        }

        if (!AgentSnapshot.TryTimestamp(root, "EventTimestamp", out var eventTime, out reason))
        {
            return false;
        }

        if (eventTime is null)
        {
            reason = "no EventTimestamp";
            return false;
        }

        if (!AgentSnapshot.TryRead(Property(root, "CurrentAgentSnapshot"), out var current, out reason)
            || !AgentSnapshot.TryRead(Property(root, "PreviousAgentSnapshot"), out var previous, out reason))
        {
            return false;
        }

        var hasPrevious = root.TryGetProperty("PreviousAgentSnapshot", out var p) && p.ValueKind == JsonValueKind.Object;
        var arn = AgentSnapshot.String(root, "AgentARN");
        var arnAgent = arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..];
        var eventId = AgentSnapshot.String(root, "EventId") ?? Convert.ToHexStringLower(SHA256.HashData(record)[..8]);
        parsed = new AgentEventRecord(eventType, eventTime.Value, eventId, arnAgent is { Length: > 0 } ? arnAgent : null, current, hasPrevious ? previous : null);
        reason = null;
        return true;
    }

    private static JsonElement Property(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value : default;
}
