using System.Runtime.InteropServices;

namespace CallMetrics.Core.Events;

/// <summary>
/// One decoded canonical event (EVENTS.md). A plain struct: ids and names are numbers from a
/// <see cref="SymbolTable"/>, time is Unix nanoseconds, so the aggregation hot path neither
/// allocates nor compares strings. Symbol 0 means "absent".
/// </summary>
/// <remarks>
/// <para>
/// Events are copied through the reorder buffer, so the struct is kept small (56 bytes): besides tenant, call and
/// agent, no event type carries more than two names, so the type-specific names share two slots. The detail slot
/// holds <see cref="Queue"/> (<c>call.queued</c>, <c>call.answered</c>, <c>call.transferred</c>), <see cref="Team"/>
/// (<c>agent.login</c>), <see cref="CallType"/> (<c>call.arrived</c>) or <see cref="Disposition"/>
/// (<c>wrap.ended</c>); the party slot holds <see cref="Reason"/> (<c>agent.login</c>, <c>agent.state</c>) or
/// <see cref="Caller"/> (<c>call.arrived</c>).
/// </para>
/// <para>
/// Each of those properties reads 0 on an event of another type. Setting one on an event of another type is
/// ignored when the value is 0 and stored otherwise (so an object initializer may set it before
/// <see cref="Type"/>); set <see cref="Type"/> first and only the names the type carries.
/// </para>
/// </remarks>
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

    /// <summary>The detail slot: see the remarks. Read it through the named properties.</summary>
    internal int DetailSlot;

    /// <summary>The party slot: see the remarks. Read it through the named properties.</summary>
    internal int PartySlot;

    /// <summary>The chosen state of <c>agent.login</c>/<c>agent.state</c>.</summary>
    public AgentChosenState State;

    /// <summary>Survey score 1-5; 0 otherwise.</summary>
    public byte Score;

    /// <summary>True for an outbound <c>call.arrived</c>.</summary>
    public bool Outbound;

    /// <summary>The duplicate-detection key.</summary>
    public EventId Id;

    /// <summary>
    /// The caller's identity for first-contact resolution (METRICS.md "Repeat contacts"): a 64-bit hash of (tenant,
    /// <c>caller</c>) of <c>call.arrived</c> (<see cref="CallerKeys"/>), never 0 for a call with a caller; 0 for other
    /// types and for a <c>call.arrived</c> without one. A number rather than a symbol, so that callers, as many as
    /// customers, take no room in the symbol table (docs/DECISIONS.md "Callers as 64-bit keys").
    /// </summary>
    public ulong CallerKey;

    /// <summary>Queue symbol: <c>queue</c> of <c>call.queued</c>/<c>call.answered</c>, <c>to_queue</c> of <c>call.transferred</c>; 0 for other types.</summary>
    public int Queue
    {
        readonly get => CarriesQueue(Type) ? DetailSlot : 0;
        set => SetDetail(value, CarriesQueue(Type));
    }

    /// <summary>Team symbol of <c>agent.login</c>; 0 for other types.</summary>
    public int Team
    {
        readonly get => Type == EventType.AgentLogin ? DetailSlot : 0;
        set => SetDetail(value, Type == EventType.AgentLogin);
    }

    /// <summary><c>call_type</c> symbol of <c>call.arrived</c>; 0 for other types.</summary>
    public int CallType
    {
        readonly get => Type == EventType.CallArrived ? DetailSlot : 0;
        set => SetDetail(value, Type == EventType.CallArrived);
    }

    /// <summary><c>disposition</c> symbol of <c>wrap.ended</c> (the agent's wrap-up code); 0 for other types.</summary>
    public int Disposition
    {
        readonly get => Type == EventType.WrapEnded ? DetailSlot : 0;
        set => SetDetail(value, Type == EventType.WrapEnded);
    }

    /// <summary>Reason symbol of <c>agent.login</c>/<c>agent.state</c>; 0 for other types.</summary>
    public int Reason
    {
        readonly get => Type is EventType.AgentLogin or EventType.AgentState ? PartySlot : 0;
        set => SetParty(value, Type is EventType.AgentLogin or EventType.AgentState);
    }

    /// <summary>
    /// <c>caller</c> symbol of <c>call.arrived</c> (the customer's identity); 0 for other types, and unless the decoder
    /// keeps callers (<see cref="Decoding.EventDecoder.KeepCallers"/>). Like a call, the name is qualified by the tenant
    /// (<see cref="Decoding.EventDecoder.CallName"/> strips it): a caller is identified by (tenant, caller), METRICS.md
    /// "Repeat contacts".
    /// </summary>
    public int Caller
    {
        readonly get => Type == EventType.CallArrived ? PartySlot : 0;
        set => SetParty(value, Type == EventType.CallArrived);
    }

    private static bool CarriesQueue(EventType type) => type is EventType.CallQueued or EventType.CallAnswered or EventType.CallTransferred;

    private void SetDetail(int value, bool carried)
    {
        if (value != 0 || carried)
        {
            DetailSlot = value;
        }
    }

    private void SetParty(int value, bool carried)
    {
        if (value != 0 || carried)
        {
            PartySlot = value;
        }
    }
}
