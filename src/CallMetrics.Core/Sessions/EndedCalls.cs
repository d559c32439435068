namespace CallMetrics.Core.Sessions;

/// <summary>
/// One generation of ended calls, each with the last agent connected to it (for surveys without an
/// agent), keyed by (tenant, call symbol). Replaces a <c>Dictionary&lt;long, AgentSession?&gt;</c> that
/// at 24 h of retention held millions of entries (a cache miss and, while it grew, a resize per
/// ended call): here an entry is a slot indexed by the call symbol (<see cref="SymbolSlots{T}"/>, whose
/// chunks go when the generation is cleared), holding the call type beside the agent (16 bytes a call). Enumerates in
/// first-insertion order, as that dictionary did (it was only added to and cleared).
/// </summary>
internal sealed class EndedCalls
{
    // A cleared generation is refilled with about as many calls over the next retention period: its chunks
    // are all kept for that (bounded by what the generation held), so the steady state allocates nothing.
    private readonly SymbolSlots<Entry> _bySymbol = new(maxSpare: int.MaxValue);
    private readonly Dictionary<long, (AgentSession? Agent, int CallType)> _overflow = [];
    private readonly List<long> _keys = [];

    /// <summary>Calls held.</summary>
    public int Count => _keys.Count;

    /// <summary>The keys (tenant in the high 32 bits, call symbol in the low), in first-insertion order.</summary>
    public List<long> Keys => _keys;

    /// <summary>
    /// Remembers that (<paramref name="tenant"/>, <paramref name="call"/>) ended with <paramref name="agent"/> last
    /// connected (replacing an earlier entry) and, when not 0, with <paramref name="callType"/> (an earlier call type
    /// stays when this one is 0).
    /// </summary>
    public void Set(int tenant, int call, AgentSession? agent, int callType = 0)
    {
        if (SymbolSlots<Entry>.Holds(call))
        {
            ref var entry = ref _bySymbol.Slot(call);
            if (!entry.Present)
            {
                entry = new Entry { Agent = agent, Tenant = tenant, CallTypeOrAbsent = callType + 1 };
                _bySymbol.Use(call);
                _keys.Add(Key(tenant, call));
                return;
            }

            if (entry.Tenant == tenant)
            {
                entry.Agent = agent;
                entry.CallTypeOrAbsent = callType != 0 ? callType + 1 : entry.CallTypeOrAbsent;
                return;
            }
        }

        var key = Key(tenant, call);
        if (_overflow.TryGetValue(key, out var held))
        {
            _overflow[key] = (agent, callType != 0 ? callType : held.CallType);
            return;
        }

        _keys.Add(key);
        _overflow[key] = (agent, callType);
    }

    /// <summary>True when (<paramref name="tenant"/>, <paramref name="call"/>) is held; <paramref name="agent"/> is its last agent.</summary>
    public bool TryGet(int tenant, int call, out AgentSession? agent)
    {
        if (SymbolSlots<Entry>.Holds(call))
        {
            ref readonly var entry = ref _bySymbol.Peek(call);
            if (entry.Present && entry.Tenant == tenant)
            {
                agent = entry.Agent;
                return true;
            }
        }

        if (_overflow.Count > 0 && _overflow.TryGetValue(Key(tenant, call), out var held))
        {
            agent = held.Agent;
            return true;
        }

        agent = null;
        return false;
    }

    /// <summary>True when the call of <paramref name="key"/> is held.</summary>
    public bool Contains(long key) => TryGet((int)(key >> 32), (int)key, out _);

    /// <summary>Forgets every call (keeps the storage).</summary>
    public void Clear()
    {
        foreach (var key in _keys)
        {
            var call = (int)key;
            if (SymbolSlots<Entry>.Holds(call) && _bySymbol.Peek(call) is { Present: true } entry && entry.Tenant == (int)(key >> 32))
            {
                _bySymbol.Slot(call) = default;
                _bySymbol.Free(call);
            }
        }

        _overflow.Clear();
        _keys.Clear();
    }

    /// <summary>Records the call type of an ended call held here (a restore); 0 changes nothing.</summary>
    public void SetCallType(int tenant, int call, int callType)
    {
        if (callType != 0 && TryGet(tenant, call, out var agent))
        {
            Set(tenant, call, agent, callType);
        }
    }

    /// <summary>The call type of an ended call held here; 0 (<c>unspecified</c>) when it had none or is not held.</summary>
    public int CallTypeOf(int tenant, int call)
    {
        if (SymbolSlots<Entry>.Holds(call))
        {
            ref readonly var entry = ref _bySymbol.Peek(call);
            if (entry.Present && entry.Tenant == tenant)
            {
                return entry.CallTypeOrAbsent - 1;
            }
        }

        return _overflow.Count > 0 && _overflow.TryGetValue(Key(tenant, call), out var held) ? held.CallType : 0;
    }

    private static long Key(int tenant, int call) => ((long)tenant << 32) | (uint)call;

    // 16 bytes: the call type is kept here (plus one, so that 0 is a free slot) rather than in a dictionary beside.
    private struct Entry
    {
        public AgentSession? Agent;
        public int Tenant;
        public int CallTypeOrAbsent;

        public readonly bool Present => CallTypeOrAbsent != 0;
    }
}
