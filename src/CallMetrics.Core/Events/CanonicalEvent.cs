using System.Runtime.InteropServices;

namespace CallMetrics.Core.Events;

/// <summary>
/// One decoded canonical event (EVENTS.md). A plain struct: ids and names are numbers from a
/// <see cref="SymbolTable"/>, time is Unix nanoseconds, so the aggregation hot path neither
/// allocates nor compares strings. Symbol 0 means "absent".
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct CanonicalEvent
{
    /// <summary>The event type.</summary>
    public EventType Type;

    /// <summary>Event time, nanoseconds since the Unix epoch (UTC).</summary>
    public long Timestamp;

    /// <summary>Tenant symbol (never 0: absent means <c>default</c>).</summary>
    public int Tenant;

    /// <summary>Call symbol; 0 for agent events.</summary>
    public int Call;

    /// <summary>Agent symbol; 0 when the event names no agent.</summary>
    public int Agent;

    /// <summary>Queue symbol: <c>queue</c> of <c>call.queued</c>/<c>call.answered</c>, <c>to_queue</c> of <c>call.transferred</c>.</summary>
    public int Queue;

    /// <summary>Team symbol of <c>agent.login</c>.</summary>
    public int Team;

    /// <summary>Reason symbol of <c>agent.login</c>/<c>agent.state</c>.</summary>
    public int Reason;

    /// <summary><c>call_type</c> symbol of <c>call.arrived</c>.</summary>
    public int CallType;

    /// <summary>The chosen state of <c>agent.login</c>/<c>agent.state</c>.</summary>
    public AgentChosenState State;

    /// <summary>Survey score 1-5; 0 otherwise.</summary>
    public byte Score;

    /// <summary>True for an outbound <c>call.arrived</c>.</summary>
    public bool Outbound;

    /// <summary>The duplicate-detection key.</summary>
    public EventId Id;
}
