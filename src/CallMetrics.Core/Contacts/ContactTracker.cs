using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Contacts;

/// <summary>
/// First-contact resolution (METRICS.md "Repeat contacts and first-contact resolution"): each caller's contacts
/// still pending, which a later call of the caller within the FCR window W makes repeated, and which the clock
/// resolves at E + W. Contacts are held in one array with a free list, linked per caller in end order, and queued
/// by deadline (contacts end in event-time order, so the queue is in deadline order): nothing is allocated per
/// contact once the array has grown to the number pending, and a contact is forgotten at its deadline.
/// </summary>
internal sealed class ContactTracker
{
    private const byte Pending = 1;
    private const byte Repeated = 2;

    /// <summary>The engine snapshot format that first holds contacts (and the call and leg state behind them).</summary>
    public const int FirstVersion = 7;

    private readonly long _windowNs;
    private readonly long _intervalNs;
    private Contact[] _contacts = new Contact[64];
    private int _used;
    private readonly Stack<int> _free = new();
    private readonly Dictionary<ulong, int> _firstByCaller = [];
    private readonly Queue<int> _byDeadline = new();

    /// <summary>Creates the tracker for FCR window <paramref name="windowNs"/> and intervals <paramref name="intervalNs"/> long.</summary>
    public ContactTracker(long windowNs, long intervalNs)
    {
        _windowNs = windowNs;
        _intervalNs = intervalNs;
    }

    /// <summary>The counts per interval and key.</summary>
    public FcrIntervals Intervals { get; } = new();

    /// <summary>Contacts neither repeated nor resolved.</summary>
    public int PendingCount => _firstByCaller.Count == 0 ? 0 : CountPending();

    /// <summary>Contacts held (pending, or repeated and kept until their deadline).</summary>
    public int Held => _byDeadline.Count;

    /// <summary>The FCR window, in nanoseconds.</summary>
    public long WindowNs => _windowNs;

    /// <summary>
    /// Contact C ended at <paramref name="end"/> (E): counted for its interval and keys, and pending until a call of
    /// the same caller starts or the clock reaches E + W.
    /// </summary>
    public void OnContact(ulong caller, int call, long end, int tenant, int agent, int team, int queue)
    {
        var index = _free.Count > 0 ? _free.Pop() : Grow();
        ref var c = ref _contacts[index];
        c = new Contact
        {
            Caller = caller, Call = call, End = end, Tenant = tenant, Agent = agent, Team = team, Queue = queue, State = Pending, Next = -1,
        };
        Append(caller, index);
        _byDeadline.Enqueue(index);
        Intervals.AddContact(TimeMath.Floor(end, _intervalNs), Keys(c, stackalloc (FcrScope, int, int)[4]));
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
            ref var c = ref _contacts[index];
            var next = c.Next;

            // METRICS: D repeats C when E <= S < E + W and D is another call; a call open at E is no repeat.
            if (c.Call != call && c.End <= start && start < c.End + _windowNs)
            {
                c.State = Repeated;
                Unlink(caller, previous, next);
                Intervals.Settle(TimeMath.Floor(c.End, _intervalNs), Keys(c, keys), repeated: true);
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

    /// <summary>The clock reached <paramref name="clock"/>: contacts whose E + W is at or before it are resolved (if pending) and forgotten.</summary>
    public void ResolveUpTo(long clock)
    {
        Span<(FcrScope, int, int)> keys = stackalloc (FcrScope, int, int)[4];
        while (_byDeadline.Count > 0)
        {
            var index = _byDeadline.Peek();
            ref var c = ref _contacts[index];
            if (c.End + _windowNs > clock)
            {
                return;
            }

            _byDeadline.Dequeue();
            if (c.State == Pending)
            {
                Remove(c.Caller, index);
                Intervals.Settle(TimeMath.Floor(c.End, _intervalNs), Keys(c, keys), repeated: false);
            }

            c = default;
            _free.Push(index);
        }
    }

    /// <summary>Writes the contacts held (in deadline order) and the interval counts.</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(_byDeadline.Count);
        foreach (var index in _byDeadline)
        {
            ref readonly var c = ref _contacts[index];
            w.Long(unchecked((long)c.Caller));
            w.Symbol(c.Call);
            w.Long(c.End);
            w.Symbol(c.Tenant);
            w.Symbol(c.Agent);
            w.Symbol(c.Team);
            w.Symbol(c.Queue);
            w.Byte(c.State);
        }

        Intervals.WriteTo(w);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into an empty tracker.</summary>
    public void ReadFrom(Snapshots.SnapshotReader r)
    {
        var count = r.Count();
        for (var i = 0; i < count; i++)
        {
            var index = Grow();
            ref var c = ref _contacts[index];
            c = new Contact
            {
                Caller = unchecked((ulong)r.Long()), Call = r.Symbol(), End = r.Long(), Tenant = r.Symbol(), Agent = r.Symbol(),
                Team = r.Symbol(), Queue = r.Symbol(), State = r.Byte(), Next = -1,
            };
            if (c.State == Pending)
            {
                Append(c.Caller, index);
            }

            _byDeadline.Enqueue(index);
        }

        Intervals.ReadFrom(r);
    }

    private static ReadOnlySpan<(FcrScope Scope, int Tenant, int Key)> Keys(in Contact c, Span<(FcrScope Scope, int Tenant, int Key)> keys)
    {
        // METRICS: a contact counts for its agent, the agent's team at E, the queue of its leg (if any), and the tenant.
        var n = 0;
        keys[n++] = (FcrScope.Agent, c.Tenant, c.Agent);
        if (c.Team != 0)
        {
            keys[n++] = (FcrScope.Team, c.Tenant, c.Team);
        }

        if (c.Queue != 0)
        {
            keys[n++] = (FcrScope.Queue, c.Tenant, c.Queue);
        }

        keys[n++] = (FcrScope.Tenant, c.Tenant, 0);
        return keys[..n];
    }

    private int Grow()
    {
        if (_used == _contacts.Length)
        {
            Array.Resize(ref _contacts, _used * 2);
        }

        return _used++;
    }

    private void Append(ulong caller, int index)
    {
        // One hash lookup for a new caller as for a known one.
        ref var first = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_firstByCaller, caller, out var known);
        if (!known)
        {
            first = index;
            return;
        }

        var last = first;
        while (_contacts[last].Next >= 0)
        {
            last = _contacts[last].Next;
        }

        _contacts[last].Next = index;
    }

    private void Remove(ulong caller, int index)
    {
        var previous = -1;
        var at = _firstByCaller[caller];
        while (at != index)
        {
            previous = at;
            at = _contacts[at].Next;
        }

        Unlink(caller, previous, _contacts[index].Next);
    }

    private void Unlink(ulong caller, int previous, int next)
    {
        if (previous >= 0)
        {
            _contacts[previous].Next = next;
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

    private int CountPending()
    {
        var pending = 0;
        foreach (var index in _byDeadline)
        {
            pending += _contacts[index].State == Pending ? 1 : 0;
        }

        return pending;
    }

    private struct Contact
    {
        public ulong Caller;
        public long End;
        public int Call;
        public int Tenant;
        public int Agent;
        public int Team;
        public int Queue;
        public int Next;
        public byte State;
    }
}
