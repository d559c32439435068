using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Contacts;

/// <summary>
/// First-contact resolution (METRICS.md "Repeat contacts and first-contact resolution"): each caller's contacts
/// still pending, which a later call of the caller within the FCR window W makes repeated, and which the clock
/// resolves at E + W. A contact is forgotten as soon as it is settled (repeated or resolved), so what is held follows
/// the pending contacts: 36 bytes each in <see cref="ContactSlots"/>, linked per caller in end order from
/// <see cref="CallerIndex"/>, and queued by deadline in <see cref="ContactDeadlines"/>. Nothing is allocated per
/// contact once these have grown to the number pending.
/// </summary>
internal sealed class ContactTracker
{
    private const byte Pending = 1;

    /// <summary>The engine snapshot format that first holds contacts (and the call and leg state behind them).</summary>
    public const int FirstVersion = 7;

    private readonly long _windowNs;
    private readonly long _intervalNs;
    private readonly ContactAttributions _attributions = new();
    private readonly ContactSlots _slots = new();
    private readonly CallerIndex _firstByCaller;
    private readonly ContactDeadlines _byDeadline;
    private int _pending;

    /// <summary>Creates the tracker for FCR window <paramref name="windowNs"/> and intervals <paramref name="intervalNs"/> long.</summary>
    public ContactTracker(long windowNs, long intervalNs)
    {
        _windowNs = windowNs;
        _intervalNs = intervalNs;
        _firstByCaller = new CallerIndex(_slots);
        _byDeadline = new ContactDeadlines(_slots);
    }

    /// <summary>The counts per interval and key.</summary>
    public FcrIntervals Intervals { get; } = new();

    /// <summary>Contacts neither repeated nor resolved.</summary>
    public int PendingCount => _pending;

    /// <summary>Contacts held: the pending ones (a settled contact is forgotten at once).</summary>
    public int Held => _pending;

    /// <summary>Contact slots allocated (the high-water mark of pending contacts, in whole chunks).</summary>
    public long Capacity => _slots.Capacity;

    /// <summary>The FCR window, in nanoseconds.</summary>
    public long WindowNs => _windowNs;

    /// <summary>
    /// Contact C ended at <paramref name="end"/> (E): counted for its interval and keys, and pending until a call of
    /// the same caller starts or the clock reaches E + W.
    /// </summary>
    public void OnContact(ulong caller, int call, long end, int tenant, int agent, int team, int queue)
    {
        var index = Add(caller, call, end, agent, _attributions.Intern(tenant, team, queue));
        Intervals.AddContact(TimeMath.Floor(end, _intervalNs), Keys(_slots[index], stackalloc (FcrScope, int, int)[4]));
    }

    /// <summary>
    /// A call <paramref name="call"/> of <paramref name="caller"/> whose first accepted event was at
    /// <paramref name="start"/> (S): every pending contact of the caller with E &lt;= S &lt; E + W of another call
    /// becomes repeated. True when it repeated at least one (a repeat call).
    /// </summary>
    public bool OnCall(ulong caller, int call, long start, int tenant = 0)
    {
        if (!_firstByCaller.TryGetFirst(caller, out var index))
        {
            return false;
        }

        var repeats = false;
        var previous = -1;
        Span<(FcrScope, int, int)> keys = stackalloc (FcrScope, int, int)[4];
        while (index >= 0)
        {
            ref var c = ref _slots[index];
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
        while (_byDeadline.TryPeek(out var index))
        {
            ref var c = ref _slots[index];
            if (c.End + _windowNs > clock)
            {
                return;
            }

            _byDeadline.Dequeue();
            Remove(c.Caller, index);
            Intervals.Settle(TimeMath.Floor(c.End, _intervalNs), Keys(c, keys), repeated: false);
            Free(index);
        }
    }

    /// <summary>Writes the pending contacts (in deadline order) and the interval counts.</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(_pending);
        foreach (var index in _byDeadline.Live())
        {
            var c = _slots[index];
            var (tenant, team, queue) = _attributions[c.Attribution];
            w.Long(unchecked((long)c.Caller));
            w.Symbol(c.Call);
            w.Long(c.End);
            w.Symbol(tenant);
            w.Symbol(c.Agent);
            w.Symbol(team);
            w.Symbol(queue);
            w.Byte(Pending);
        }

        Intervals.WriteTo(w);
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote into an empty tracker. Contacts written as repeated (earlier writers kept
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
                Add(caller, call, end, agent, _attributions.Intern(tenant, team, queue));
            }
        }

        Intervals.ReadFrom(r);
    }

    private ReadOnlySpan<(FcrScope Scope, int Tenant, int Key)> Keys(in PendingContact c, Span<(FcrScope Scope, int Tenant, int Key)> keys)
    {
        // METRICS: a contact counts for its agent, the agent's team at E, the queue of its leg (if any), and the tenant.
        var (tenant, team, queue) = _attributions[c.Attribution];
        var n = 0;
        keys[n++] = (FcrScope.Agent, tenant, c.Agent);
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

    private int Add(ulong caller, int call, long end, int agent, int attribution)
    {
        var index = _slots.Rent();
        _slots[index] = new PendingContact { Caller = caller, Call = call, End = end, Agent = agent, Attribution = attribution, Next = -1 };
        Append(caller, index);
        _byDeadline.Enqueue(index, _pending);
        _pending++;
        return index;
    }

    private void Free(int index)
    {
        _slots.Return(index);
        _pending--;
    }

    private void Append(ulong caller, int index)
    {
        if (!_firstByCaller.TryGetFirst(caller, out var last))
        {
            _firstByCaller.SetFirst(caller, index);
            return;
        }

        while (_slots[last].Next >= 0)
        {
            last = _slots[last].Next;
        }

        _slots[last].Next = index;
    }

    private void Remove(ulong caller, int index)
    {
        _firstByCaller.TryGetFirst(caller, out var at);
        var previous = -1;
        while (at != index)
        {
            previous = at;
            at = _slots[at].Next;
        }

        Unlink(caller, previous, _slots[index].Next);
    }

    private void Unlink(ulong caller, int previous, int next)
    {
        if (previous >= 0)
        {
            _slots[previous].Next = next;
        }
        else if (next >= 0)
        {
            _firstByCaller.SetFirst(caller, next);
        }
        else
        {
            _firstByCaller.Remove(caller);
        }
    }
}
