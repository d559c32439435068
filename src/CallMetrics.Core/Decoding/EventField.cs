namespace CallMetrics.Core.Decoding;

/// <summary>The fields of the canonical schema (EVENTS.md) the decoder recognizes by name.</summary>
internal enum EventField : byte
{
    /// <summary>Any other name: the value is checked as JSON and skipped.</summary>
    Unknown,

    /// <summary><c>to_agent</c> of <c>call.transferred</c>: checked (a string, valid escapes) but not kept.</summary>
    ToAgent,

    /// <summary><c>event_id</c>.</summary>
    EventId,

    /// <summary><c>type</c>.</summary>
    Type,

    /// <summary><c>ts</c>.</summary>
    Ts,

    /// <summary><c>tenant</c>.</summary>
    Tenant,

    /// <summary><c>schema</c>.</summary>
    Schema,

    /// <summary><c>call_id</c>.</summary>
    CallId,

    /// <summary><c>agent_id</c>.</summary>
    AgentId,

    /// <summary><c>queue</c>.</summary>
    Queue,

    /// <summary><c>to_queue</c>.</summary>
    ToQueue,

    /// <summary><c>team</c>.</summary>
    Team,

    /// <summary><c>state</c>.</summary>
    State,

    /// <summary><c>reason</c>.</summary>
    Reason,

    /// <summary><c>score</c>.</summary>
    Score,

    /// <summary><c>direction</c>.</summary>
    Direction,

    /// <summary><c>call_type</c>.</summary>
    CallType,

    /// <summary><c>caller</c> of <c>call.arrived</c>.</summary>
    Caller,

    /// <summary><c>disposition</c> of <c>wrap.ended</c>.</summary>
    Disposition,
}
