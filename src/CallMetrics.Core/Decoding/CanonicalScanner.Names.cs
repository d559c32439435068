using System.Runtime.CompilerServices;

namespace CallMetrics.Core.Decoding;

// The field names the scanner recognizes in place (CanonicalScanner.cs says how the type is split).
internal ref partial struct CanonicalScanner
{
    // The recognized field whose name, with its closing quote, starts at i, and the index of that quote; Unknown for
    // any other name. One candidate by a byte or two, confirmed by one comparison with a constant.
    private readonly EventField KnownName(int i, out int end) => At(i) switch
    {
        (byte)'e' => Name(i, "event_id\""u8, EventField.EventId, out end),
        (byte)'t' => At(i + 1) switch
        {
            (byte)'y' => Name(i, "type\""u8, EventField.Type, out end),
            (byte)'s' => Name(i, "ts\""u8, EventField.Ts, out end),
            (byte)'e' => At(i + 2) == (byte)'n' ? Name(i, "tenant\""u8, EventField.Tenant, out end) : Name(i, "team\""u8, EventField.Team, out end),
            _ => At(i + 3) == (byte)'q' ? Name(i, "to_queue\""u8, EventField.ToQueue, out end) : Name(i, "to_agent\""u8, EventField.ToAgent, out end),
        },
        (byte)'c' => At(i + 5) switch
        {
            (byte)'i' => Name(i, "call_id\""u8, EventField.CallId, out end),
            (byte)'t' => Name(i, "call_type\""u8, EventField.CallType, out end),
            _ => Name(i, "caller\""u8, EventField.Caller, out end),
        },
        (byte)'a' => Name(i, "agent_id\""u8, EventField.AgentId, out end),
        (byte)'q' => Name(i, "queue\""u8, EventField.Queue, out end),
        (byte)'s' => At(i + 1) == (byte)'t' ? Name(i, "state\""u8, EventField.State, out end)
            : At(i + 2) == (byte)'h' ? Name(i, "schema\""u8, EventField.Schema, out end) : Name(i, "score\""u8, EventField.Score, out end),
        (byte)'r' => Name(i, "reason\""u8, EventField.Reason, out end),
        (byte)'d' => At(i + 2) == (byte)'r' ? Name(i, "direction\""u8, EventField.Direction, out end) : Name(i, "disposition\""u8, EventField.Disposition, out end),
        _ => Name(i, default, EventField.Unknown, out end),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly EventField Name(int i, ReadOnlySpan<byte> quotedName, EventField field, out int end)
    {
        if (!quotedName.IsEmpty && (uint)i <= (uint)_json.Length && _json[i..].StartsWith(quotedName))
        {
            end = i + quotedName.Length - 1;
            return field;
        }

        end = -1;
        return EventField.Unknown;
    }
}
