using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Contacts;

/// <summary>
/// First-contact resolution (METRICS.md "Repeat contacts and first-contact resolution"): each caller's contacts
/// still pending, which a later call of the caller within the FCR window W makes repeated, and which the clock
/// resolves at E + W. A contact is forgotten as soon as it is settled (repeated or resolved): what is held is the
/// pending contacts, 32 bytes each (the caller, E, the call and one number for its agent, team, queue and tenant),
/// in chunks that are reused through a free list, linked per caller in end order, plus a 4-byte entry per contact
/// of the last W in the deadline queue (contacts end in event-time order, so the queue is in deadline order; an
/// entry whose contact was repeated is skipped when it comes up). Nothing is allocated per contact once the chunks
/// have grown to the number pending.
/// </summary>
internal sealed class ContactTracker
{
    private const byte Pending = 1;

    // 64K contacts (2 MB) a chunk: the store grows by a chunk, never by copying all it holds.
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    /// <summary>The engine snapshot format that first holds contacts (and the call and leg state behind them).</summary>
    public const int FirstVersion = 7;

    private readonly long _windowNs;
    private readonly long _intervalNs;
    private readonly ContactAttributions _attributions = new();
    private readonly List<Contact[]> _chunks = [];
    private readonly Dictionary<ulong, int> _firstByCaller = [];

    // Each entry's ticket is its position in enqueue order: the entry of a live contact is the one whose ticket the
    // contact carries, so an entry left by a repeated contact (its slot free or reused) is told stale.
    private readonly Queue<int> _byDeadline = new();
    private uint _nextTicket;
    private uint _headTicket;
    private int _used;
    private int _freeHead = -1;
    private int _pending;

    /// <summary>Creates the tracker for FCR window <paramref name="windowNs"/> and intervals <paramref name="intervalNs"/> long.</summary>
    public ContactTracker(long windowNs, long intervalNs)
    {
        _windowNs = windowNs;
        _intervalNs = intervalNs;
    }

    /// <summary>The counts per interval and key.</summary>
    public FcrIntervals Intervals { get; } = new();

    /// <summary>Contacts neither repeated nor resolved.</summary>
    public int PendingCount => _pending;

    /// <summary>Contacts held: the pending ones (a settled contact is forgotten at once).</summary>
    public int Held => _pending;

    /// <summary>Contact slots allocated (the high-water mark of pending contacts, in whole chunks).</summary>
    public long Capacity => (long)_chunks.Count * ChunkSize;

    /// <summary>The FCR window, in nanoseconds.</summary>
    public long WindowNs => _windowNs;

    /// <summary>
    /// Contact C ended at <paramref name="end"/> (E): counted for its interval and keys, and pending until a call of
    /// the same caller starts or the clock reaches E + W.
    /// </summary>
    public void OnContact(ulong caller, int call, long end, int tenant, int agent, int team, int queue)
    {
        var index = Add(caller, call, end, _attributions.Intern(tenant, agent, team, queue));
        Intervals.AddContact(TimeMath.Floor(end, _intervalNs), Keys(At(index), stackalloc (FcrScope, int, int)[4]));
    }

    /// <summary>
    /// A call <paramref name="call"/> of <paramref name="caller"/> whose first accepted event was at
    /// <paramref name="start"/> (S): every pending contact of the caller with E &lt;= S &lt; E + W of another call
    /// becomes repeated. True when it repeated at least one (a repeat call).
    /// </summary>
    public bool OnCall(ulong caller, int call, long start, int tenant = 0)
    {
        if (!_firstByCaller.TryGetValue(caller, out var index))
        {
            return false;
        }

        var repeats = false;
        var previous = -1;
        Span<(FcrScope, int, int)> keys = stackalloc (FcrScope, int, int)[4];
        while (index >= 0)
        {
            ref var c = ref At(index);
            var next = c.Next;

            // METRICS: D repeats C when E <= S < E + W and D is another call; a call open at E is no repeat.
            if (c.Call != call && c.End <= start && start < c.End + _windowNs)
            {
                Unlink(caller, previous, next);
                Intervals.Settle(TimeMath.Floor(c.End, _intervalNs), Keys(c, keys), repeated: true);
                Free(index);
                repeats = true;
            }
            else
            {
                previous = index;
            }

            index = next;
        }

        if (repeats && tenant != 0)
        {
            Intervals.AddRepeatCall(TimeMath.Floor(start, _intervalNs), tenant);
        }

        return repeats;
    }

    /// <summary>The clock reached <paramref name="clock"/>: pending contacts whose E + W is at or before it are resolved and forgotten.</summary>
    public void ResolveUpTo(long clock)
    {
        Span<(FcrScope, int, int)> keys = stackalloc (FcrScope, int, int)[4];
        while (_byDeadline.Count > 0)
        {
            var index = _byDeadline.Peek();
            ref var c = ref At(index);
            if (IsEntryOf(c))
            {
                if (c.End + _windowNs > clock)
                {
                    return;
                }

                Remove(c.Caller, index);
                Intervals.Settle(TimeMath.Floor(c.End, _intervalNs), Keys(c, keys), repeated: false);
                Free(index);
            }

            _byDeadline.Dequeue();
            _headTicket++;
        }
    }

    /// <summary>Writes the pending contacts (in deadline order) and the interval counts.</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(_pending);
        var ticket = _headTicket;
        foreach (var index in _byDeadline)
        {
            ref readonly var c = ref At(index);
            if (c.Attribution >= 0 && c.Ticket == ticket)
            {
                var (tenant, agent, team, queue) = _attributions[c.Attribution];
                w.Long(unchecked((long)c.Caller));
                w.Symbol(c.Call);
                w.Long(c.End);
                w.Symbol(tenant);
                w.Symbol(agent);
                w.Symbol(team);
                w.Symbol(queue);
                w.Byte(Pending);
            }

            ticket++;
        }

        Intervals.WriteTo(w);
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote into an empty tracker. Contacts written as repeated (formats that kept
    /// them to their deadline) are settled already and skipped.
    /// </summary>
    public void ReadFrom(Snapshots.SnapshotReader r)
    {
        var count = r.Count();
        for (var i = 0; i < count; i++)
        {
            var caller = unchecked((ulong)r.Long());
            var call = r.Symbol();
            var end = r.Long();
            var (tenant, agent, team, queue) = (r.Symbol(), r.Symbol(), r.Symbol(), r.Symbol());
            if (r.Byte() == Pending)
            {
                Add(caller, call, end, _attributions.Intern(tenant, agent, team, queue));
            }
        }

        Intervals.ReadFrom(r);
    }

    private ReadOnlySpan<(FcrScope Scope, int Tenant, int Key)> Keys(in Contact c, Span<(FcrScope Scope, int Tenant, int Key)> keys)
    {
        // METRICS: a contact counts for its agent, the agent's team at E, the queue of its leg (if any), and the tenant.
        var (tenant, agent, team, queue) = _attributions[c.Attribution];
        var n = 0;
        keys[n++] = (FcrScope.Agent, tenant, agent);
        if (team != 0)
        {
            keys[n++] = (FcrScope.Team, tenant, team);
        }

        if (queue != 0)
        {
            keys[n++] = (FcrScope.Queue, tenant, queue);
        }

        keys[n++] = (FcrScope.Tenant, tenant, 0);
        return keys[..n];
    }

    private ref Contact At(int index) => ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    private bool IsEntryOf(in Contact c) => c.Attribution >= 0 && c.Ticket == _headTicket;

    private int Add(ulong caller, int call, long end, int attribution)
    {
        int index;
        if (_freeHead >= 0)
        {
            index = _freeHead;
            _freeHead = At(index).Next;
        }
        else
        {
            if (_used == _chunks.Count * ChunkSize)
            {
                _chunks.Add(new Contact[ChunkSize]);
            }

            index = _used++;
        }

        At(index) = new Contact { Caller = caller, Call = call, End = end, Attribution = attribution, Next = -1, Ticket = _nextTicket++ };
        Append(caller, index);
        _byDeadline.Enqueue(index);
        _pending++;
        return index;
    }

    private void Free(int index)
    {
        ref var c = ref At(index);
        c = new Contact { Attribution = -1, Next = _freeHead };
        _freeHead = index;
        _pending--;
    }

    private void Append(ulong caller, int index)
    {
        if (!_firstByCaller.TryGetValue(caller, out var last))
        {
            _firstByCaller.Add(caller, index);
            return;
        }

        while (At(last).Next >= 0)
        {
            last = At(last).Next;
        }

        At(last).Next = index;
    }

    private void Remove(ulong caller, int index)
    {
        var previous = -1;
        var at = _firstByCaller[caller];
        while (at != index)
        {
            previous = at;
            at = At(at).Next;
        }

        Unlink(caller, previous, At(index).Next);
    }

    private void Unlink(ulong caller, int previous, int next)
    {
        if (previous >= 0)
        {
            At(previous).Next = next;
        }
        else if (next >= 0)
        {
            _firstByCaller[caller] = next;
        }
        else
        {
            _firstByCaller.Remove(caller);
        }
    }

    // 32 bytes. A free slot has Attribution -1 and Next links the free list.
    private struct Contact
    {
        public ulong Caller;
        public long End;
        public int Call;
        public int Attribution;
        public int Next;
        public uint Ticket;
    }
}
