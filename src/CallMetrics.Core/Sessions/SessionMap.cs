namespace CallMetrics.Core.Sessions;

/// <summary>
/// Sessions keyed by (tenant, symbol). A lookup is one read of a slot indexed by the symbol (symbols
/// are dense; <see cref="SymbolSlots{T}"/> drops chunks of symbols no longer in use) and one of the
/// session, where a <c>Dictionary&lt;long, T&gt;</c> read a bucket and an entry first: at 100k agents
/// each of those is a cache miss. Another tenant's session under a symbol whose slot is taken, or a
/// symbol beyond <see cref="SymbolSlots{T}.MaxSymbol"/>, goes to a dictionary.
/// </summary>
/// <remarks>
/// Enumeration visits the sessions in exactly the order a <c>Dictionary</c> with the same adds and
/// removes would (slots in order, freed slots reused last-freed first), so everything that walks the
/// sessions (idle eviction, snapshots, live views) behaves as before.
/// </remarks>
/// <typeparam name="T">The session type.</typeparam>
internal sealed class SessionMap<T>
    where T : KeyedSession
{
    private readonly SymbolSlots<T?> _bySymbol = new();
    private readonly Dictionary<long, T> _overflow = [];
    private T?[] _order = new T?[64];
    private int[] _nextFree = new int[64];
    private int _orderCount;
    private int _freeList = -1;
    private int _count;

    /// <summary>Sessions held.</summary>
    public int Count => _count;

    /// <summary>The session of (<paramref name="tenant"/>, <paramref name="symbol"/>), or null.</summary>
    public T? Get(int tenant, int symbol)
    {
        if (SymbolSlots<T?>.Holds(symbol))
        {
            var session = _bySymbol.Peek(symbol);
            if (session is not null && session.Tenant == tenant)
            {
                return session;
            }
        }

        return _overflow.Count > 0 && _overflow.TryGetValue(Key(tenant, symbol), out var other) ? other : null;
    }

    /// <summary>
    /// Whatever session holds the slot of <paramref name="symbol"/> (possibly another tenant's), without reading
    /// it: for a prefetch hint, which must not wait for the session's cache line.
    /// </summary>
    public T? PeekSlot(int symbol) => SymbolSlots<T?>.Holds(symbol) ? _bySymbol.Peek(symbol) : null;

    /// <summary>Prefetches the slot <see cref="PeekSlot"/> will read (a hint).</summary>
    public void PrefetchSlot(int symbol)
    {
        if (SymbolSlots<T?>.Holds(symbol))
        {
            _bySymbol.Prefetch(symbol);
        }
    }

    /// <summary>Adds a session that is not in the map under (<paramref name="session"/>'s tenant, <paramref name="symbol"/>).</summary>
    public void Add(int symbol, T session)
    {
        if (SymbolSlots<T?>.Holds(symbol) && _bySymbol.Peek(symbol) is null)
        {
            _bySymbol.Slot(symbol) = session;
            _bySymbol.Use(symbol);
        }
        else
        {
            _overflow.Add(Key(session.Tenant, symbol), session);
        }

        int index;
        if (_freeList >= 0)
        {
            index = _freeList;
            _freeList = _nextFree[index];
        }
        else
        {
            if (_orderCount == _order.Length)
            {
                Array.Resize(ref _order, _order.Length * 2);
                Array.Resize(ref _nextFree, _nextFree.Length * 2);
            }

            index = _orderCount++;
        }

        _order[index] = session;
        session.MapIndex = index;
        _count++;
    }

    /// <summary>Removes <paramref name="session"/>, which is in the map under <paramref name="symbol"/>.</summary>
    public void Remove(int symbol, T session)
    {
        if (SymbolSlots<T?>.Holds(symbol) && ReferenceEquals(_bySymbol.Peek(symbol), session))
        {
            _bySymbol.Slot(symbol) = null;
            _bySymbol.Free(symbol);
        }
        else
        {
            _overflow.Remove(Key(session.Tenant, symbol));
        }

        var index = session.MapIndex;
        _order[index] = null;
        _nextFree[index] = _freeList;
        _freeList = index;
        session.MapIndex = -1;
        _count--;
    }

    /// <summary>The sessions, in the order a dictionary would enumerate them. Do not add or remove while enumerating.</summary>
    public IEnumerable<T> Values
    {
        get
        {
            for (var i = 0; i < _orderCount; i++)
            {
                if (_order[i] is { } session)
                {
                    yield return session;
                }
            }
        }
    }

    private static long Key(int tenant, int symbol) => ((long)tenant << 32) | (uint)symbol;
}
