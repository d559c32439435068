namespace CallMetrics.Core.Sessions;

/// <summary>
/// One generation of ended calls, each with the last agent connected to it (for surveys without an
/// agent), keyed by (tenant, call symbol). Replaces a <c>Dictionary&lt;long, AgentSession?&gt;</c> that
/// at 24 h of retention held millions of entries (a cache miss and, while it grew, a resize per
/// ended call): here an entry is a slot indexed by the call symbol (<see cref="SymbolSlots{T}"/>, whose
/// chunks go when the generation is cleared). Enumerates in first-insertion order, as that dictionary did (it was only added to and cleared).
/// </summary>
internal sealed class EndedCalls
{
    // A cleared generation is refilled with about as many calls over the next retention period: its chunks
    // are all kept for that (bounded by what the generation held), so the steady state allocates nothing.
    private readonly SymbolSlots<Entry> _bySymbol = new(maxSpare: int.MaxValue);
    private readonly Dictionary<long, AgentSession?> _overflow = [];
    private readonly List<long> _keys = [];

    // The call type of the ended calls that have one (most calls in a center that sets call types): for the surveys.
    private readonly Dictionary<long, int> _callTypes = [];

    /// <summary>Calls held.</summary>
    public int Count => _keys.Count;

    /// <summary>The keys (tenant in the high 32 bits, call symbol in the low), in first-insertion order.</summary>
    public List<long> Keys => _keys;

    /// <summary>Remembers that (<paramref name="tenant"/>, <paramref name="call"/>) ended with <paramref name="agent"/> last connected (replacing an earlier entry).</summary>
    public void Set(int tenant, int call, AgentSession? agent, int callType = 0)
    {
        if (callType != 0)
        {
            _callTypes[Key(tenant, call)] = callType;
        }

        if (SymbolSlots<Entry>.Holds(call))
        {
            ref var entry = ref _bySymbol.Slot(call);
            if (!entry.Present)
            {
                entry = new Entry { Present = true, Tenant = tenant, Agent = agent };
                _bySymbol.Use(call);
                _keys.Add(Key(tenant, call));
                return;
            }

            if (entry.Tenant == tenant)
            {
                entry.Agent = agent;
                return;
            }
        }

        var key = Key(tenant, call);
        if (!_overflow.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _overflow[key] = agent;
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

        if (_overflow.Count > 0 && _overflow.TryGetValue(Key(tenant, call), out agent))
        {
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
        _callTypes.Clear();
    }

    /// <summary>Records the call type of an ended call held here (a restore).</summary>
    public void SetCallType(int tenant, int call, int callType)
    {
        if (callType != 0)
        {
            _callTypes[Key(tenant, call)] = callType;
        }
    }

    /// <summary>The call type of an ended call held here; 0 (<c>unspecified</c>) when it had none or is not held.</summary>
    public int CallTypeOf(int tenant, int call) => _callTypes.Count > 0 ? _callTypes.GetValueOrDefault(Key(tenant, call)) : 0;

    private static long Key(int tenant, int call) => ((long)tenant << 32) | (uint)call;

    private struct Entry
    {
        public AgentSession? Agent;
        public int Tenant;
        public bool Present;
    }
}
