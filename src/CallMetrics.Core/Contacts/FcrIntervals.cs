using System.Runtime.InteropServices;
using CallMetrics.Core.Output;

namespace CallMetrics.Core.Contacts;

/// <summary>
/// The <c>fcr_metrics</c> counts per interval and key, and which intervals changed since they were last written.
/// An interval is kept until the clock passes its end plus the FCR window (its last contact is then settled); all but
/// the newest are frozen into compact arrays (<see cref="FcrKeyCounts"/>).
/// </summary>
internal sealed class FcrIntervals
{
    private readonly SortedDictionary<long, FcrKeyCounts> _byStart = [];
    private long _newestStart = long.MinValue;

    // The interval looked up last: contacts end, and are settled, mostly in event-time order, so most look-ups are of
    // the interval of the one before; this spares a walk of the tree per contact. Forgotten with the interval.
    private long _lastStart;
    private FcrKeyCounts? _last;

    /// <summary>Intervals held.</summary>
    public int Count => _byStart.Count;

    /// <summary>A contact ending in the interval starting at <paramref name="start"/> is counted for <paramref name="keys"/>.</summary>
    public void AddContact(long start, ReadOnlySpan<(FcrScope Scope, int Tenant, int Key)> keys)
    {
        var interval = GetOrAdd(start);
        interval.Changed = true;
        foreach (var key in keys)
        {
            interval.GetOrAdd(key).Contacts++;
        }
    }

    /// <summary>A call starting in the interval starting at <paramref name="start"/> repeats a contact of <paramref name="tenant"/>.</summary>
    public void AddRepeatCall(long start, int tenant) => GetOrAdd(start).GetOrAdd((FcrScope.Tenant, tenant, 0)).RepeatCalls++;

    /// <summary>
    /// The counts of every key summed over the intervals starting at or after <paramref name="since"/>, with the tenants'
    /// repeat calls: what a live view shows for today.
    /// </summary>
    public List<(FcrLine Line, int RepeatCalls)> SumSince(long since)
    {
        var sums = new Dictionary<(FcrScope Scope, int Tenant, int Key), FcrCounts>();
        foreach (var (start, interval) in _byStart)
        {
            if (start < since)
            {
                continue;
            }

            foreach (var (key, counts) in interval.Entries())
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
                sum.Contacts += counts.Contacts;
                sum.Resolved += counts.Resolved;
                sum.Repeated += counts.Repeated;
                sum.RepeatCalls += counts.RepeatCalls;
            }
        }

        return [.. sums.Select(s => (new FcrLine(s.Key.Scope, s.Key.Tenant, s.Key.Key, s.Value.Contacts, s.Value.Resolved, s.Value.Repeated), s.Value.RepeatCalls))];
    }

    /// <summary>A contact of the interval starting at <paramref name="start"/> became resolved or repeated.</summary>
    public void Settle(long start, ReadOnlySpan<(FcrScope Scope, int Tenant, int Key)> keys, bool repeated)
    {
        if (Find(start) is not { } interval)
        {
            return;
        }

        interval.Changed = true;
        foreach (var key in keys)
        {
            ref var counts = ref interval.Find(key);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref counts))
            {
                if (repeated)
                {
                    counts.Repeated++;
                }
                else
                {
                    counts.Resolved++;
                }
            }
        }
    }

    /// <summary>
    /// The intervals to write, in start order: all of them (<paramref name="changedOnly"/> false), or those that
    /// changed since last written; each with its lines; only those starting before <paramref name="startBefore"/>.
    /// Marks them written.
    /// </summary>
    public IEnumerable<(long Start, List<FcrLine> Lines)> Take(bool changedOnly, long startBefore = long.MaxValue)
    {
        foreach (var (start, interval) in _byStart)
        {
            if (start >= startBefore)
            {
                yield break;
            }

            if (changedOnly && !interval.Changed)
            {
                continue;
            }

            interval.Changed = false;
            var lines = new List<FcrLine>(interval.Count);
            foreach (var (key, counts) in interval.Entries())
            {
                // METRICS: a line for each key and interval with contacts > 0 (a key may hold only repeat calls).
                if (counts.Contacts > 0)
                {
                    lines.Add(new FcrLine(key.Scope, key.Tenant, key.Key, counts.Contacts, counts.Resolved, counts.Repeated));
                }
            }

            if (lines.Count > 0)
            {
                yield return (start, lines);
            }
        }
    }

    /// <summary>Forgets the intervals starting before <paramref name="start"/> (final and written).</summary>
    public void DropBefore(long start)
    {
        while (_byStart.Count > 0 && _byStart.First() is var (first, _) && first < start)
        {
            _byStart.Remove(first);
            if (first == _lastStart)
            {
                _last = null;
            }
        }
    }

    /// <summary>The start of the first interval held; null when none.</summary>
    public long? FirstStart => _byStart.Count > 0 ? _byStart.First().Key : null;

    /// <summary>Writes every interval.</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(_byStart.Count);
        foreach (var (start, interval) in _byStart)
        {
            w.Long(start);
            w.Bool(interval.Changed);
            w.Count(interval.Count);
            foreach (var (key, counts) in interval.Entries())
            {
                w.Byte((byte)key.Scope);
                w.Symbol(key.Tenant);
                w.Symbol(key.Key);
                w.Int(counts.Contacts);
                w.Int(counts.Resolved);
                w.Int(counts.Repeated);
                w.Int(counts.RepeatCalls);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    public void ReadFrom(Snapshots.SnapshotReader r)
    {
        var intervals = r.Count();
        for (var i = 0; i < intervals; i++)
        {
            var interval = GetOrAdd(r.Long());
            interval.Changed = r.Bool();
            var keys = r.Count();
            for (var k = 0; k < keys; k++)
            {
                var key = ((FcrScope)r.Byte(), r.Symbol(), r.Symbol());
                interval.GetOrAdd(key) = new FcrCounts { Contacts = r.Int(), Resolved = r.Int(), Repeated = r.Int(), RepeatCalls = r.Int() };
            }
        }
    }

    private FcrKeyCounts? Find(long start)
    {
        if (_last is not null && _lastStart == start)
        {
            return _last;
        }

        if (!_byStart.TryGetValue(start, out var interval))
        {
            return null;
        }

        (_lastStart, _last) = (start, interval);
        return interval;
    }

    private FcrKeyCounts GetOrAdd(long start)
    {
        if (Find(start) is { } known)
        {
            return known;
        }

        var interval = new FcrKeyCounts();
        _byStart.Add(start, interval);
        (_lastStart, _last) = (start, interval);
        if (start > _newestStart)
        {
            // Contacts end in event-time order: the intervals before the newest are past, so they are frozen.
            _newestStart = start;
            foreach (var (earlier, counts) in _byStart)
            {
                if (earlier >= start)
                {
                    break;
                }

                counts.Freeze();
            }
        }

        return interval;
    }
}
