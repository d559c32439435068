namespace CallMetrics.Core.Decoding;

/// <summary>The wire names of the <see cref="EventField"/>s, how they are recognized and what rules their values follow.</summary>
internal static class FieldNames
{
    /// <summary>Every recognized field, for the slow path's comparison of escaped names.</summary>
    public static readonly EventField[] Known =
    [
        EventField.EventId, EventField.Type, EventField.Ts, EventField.CallId, EventField.AgentId, EventField.Tenant, EventField.Schema,
        EventField.Queue, EventField.ToQueue, EventField.Team, EventField.State, EventField.Reason, EventField.Score, EventField.Direction,
        EventField.CallType, EventField.ToAgent, EventField.Caller, EventField.Disposition,
    ];

    /// <summary>The field a raw (unescaped) property name names: one candidate by length and a byte or two, then confirmed.</summary>
    public static EventField Identify(ReadOnlySpan<byte> name)
    {
        var candidate = name.Length switch
        {
            2 => EventField.Ts,
            4 => name[1] == (byte)'y' ? EventField.Type : EventField.Team,
            5 => name[0] == (byte)'q' ? EventField.Queue : name[1] == (byte)'t' ? EventField.State : EventField.Score,
            6 => name[0] switch
            {
                (byte)'t' => EventField.Tenant,
                (byte)'s' => EventField.Schema,
                (byte)'r' => EventField.Reason,
                _ => EventField.Caller,
            },
            7 => EventField.CallId,
            8 => name[0] switch
            {
                (byte)'e' => EventField.EventId,
                (byte)'a' => EventField.AgentId,
                _ => name[3] == (byte)'q' ? EventField.ToQueue : EventField.ToAgent,
            },
            9 => name[0] == (byte)'d' ? EventField.Direction : EventField.CallType,
            11 => EventField.Disposition,
            _ => EventField.Unknown,
        };

        return candidate != EventField.Unknown && name.SequenceEqual(Bytes(candidate)) ? candidate : EventField.Unknown;
    }

    /// <summary>The wire name.</summary>
    public static ReadOnlySpan<byte> Bytes(EventField field) => field switch
    {
        EventField.EventId => "event_id"u8,
        EventField.Type => "type"u8,
        EventField.Ts => "ts"u8,
        EventField.Tenant => "tenant"u8,
        EventField.Schema => "schema"u8,
        EventField.CallId => "call_id"u8,
        EventField.AgentId => "agent_id"u8,
        EventField.Queue => "queue"u8,
        EventField.ToQueue => "to_queue"u8,
        EventField.Team => "team"u8,
        EventField.State => "state"u8,
        EventField.Reason => "reason"u8,
        EventField.Score => "score"u8,
        EventField.Direction => "direction"u8,
        EventField.CallType => "call_type"u8,
        EventField.ToAgent => "to_agent"u8,
        EventField.Caller => "caller"u8,
        EventField.Disposition => "disposition"u8,
        _ => default,
    };

    /// <summary>
    /// True for a field whose value is an id or a name that follows the name rules (at most
    /// <see cref="EventDecoder.MaxNameBytes"/>, no control character): all strings but <c>ts</c> and the three fields
    /// that never reach a tag, a series or a log line as names of their own (<c>to_agent</c>, <c>caller</c>,
    /// <c>disposition</c>), which are only checked to be strings with valid escapes.
    /// </summary>
    public static bool FollowsNameRules(EventField field) =>
        field is not (EventField.Ts or EventField.ToAgent or EventField.Caller or EventField.Disposition);

    /// <summary>True for the fields whose values become tags of the output series (METRICS.md "Fields").</summary>
    public static bool IsTag(EventField field) =>
        field is EventField.Tenant or EventField.AgentId or EventField.Queue or EventField.ToQueue or EventField.Team;

    /// <summary>
    /// True when a second occurrence of the field is rejected: every field whose value is kept (readers disagree on
    /// which of two values wins); <c>to_agent</c>, checked but not kept, may repeat like an unknown field.
    /// </summary>
    public static bool IsSingle(EventField field) => field is not (EventField.Unknown or EventField.ToAgent);
}
