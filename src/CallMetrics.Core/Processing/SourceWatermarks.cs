using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Processing;

/// <summary>
/// Event-time progress per source (a Kafka partition, or one file), after METRICS.md "Partitioned input": each
/// source's own watermark (its largest accepted time minus the lateness) decides whether its events are late, and the
/// engine's watermark, the smallest of the sources' watermarks over the sources not marked idle (with every source
/// idle, the largest), decides what is applied and which windows are final. A registered source that has not
/// delivered holds the engine's watermark back (its first events may be the oldest). Neither ever moves back.
/// </summary>
/// <remarks>
/// Also each source's stable rank (the order of sources among events of equal time, given by the host) and the count
/// of events accepted from it (the order within the source), so that the order events are applied in does not depend
/// on how the sources' events were interleaved. Sources are small dense numbers; the arrays grow to the largest seen.
/// </remarks>
internal sealed class SourceWatermarks
{
    private readonly long _latenessNs;
    private long[] _max = [];
    private long[] _own = [];
    private long[] _rank = [];
    private long[] _sequence = [];
    private bool[] _idle = [];
    private bool[] _registered = [];

    /// <summary>Creates the tracking for a watermark <paramref name="latenessNs"/> behind the sources.</summary>
    public SourceWatermarks(long latenessNs) => _latenessNs = latenessNs;

    /// <summary>
    /// The engine's watermark: the smallest of the active sources' watermarks. <see cref="long.MinValue"/> until every
    /// source that holds it back has delivered.
    /// </summary>
    public long Watermark { get; private set; } = long.MinValue;

    /// <summary>
    /// True while no source but source 0 has been seen (a file, a one-partition topic): its events come in its own
    /// order, so an event at the watermark can be applied before the watermark passes it.
    /// </summary>
    public bool OneSource => _max.Length <= 1;

    /// <summary>
    /// The time before which an event from <paramref name="source"/> is late: the source's own watermark, or the
    /// engine's when that is later (METRICS.md: an event from a partition that was idle and is older than the
    /// smallest watermark is late; a source seen for the first time has no watermark of its own yet).
    /// </summary>
    public long LateBefore(int source) =>
        (uint)source < (uint)_own.Length && _own[source] > Watermark ? _own[source] : Watermark;

    /// <summary>The rank of <paramref name="source"/>: given at registration, else the source number.</summary>
    public long RankOf(int source) => (uint)source < (uint)_rank.Length ? _rank[source] : source;

    /// <summary>Numbers an event accepted from <paramref name="source"/>: 0, 1, 2, ... in the source's order.</summary>
    public long NextSequence(int source)
    {
        Ensure(source);
        return _sequence[source]++;
    }

    /// <summary>
    /// <paramref name="source"/> delivered an event at <paramref name="timestamp"/>. True when the engine's watermark
    /// moved (read it from <see cref="Watermark"/>).
    /// </summary>
    public bool Observe(int source, long timestamp)
    {
        Ensure(source);
        var wasIdle = _idle[source];
        _idle[source] = false;
        if (timestamp <= _max[source])
        {
            return wasIdle && Recompute();
        }

        var old = _max[source];
        _max[source] = timestamp;
        _own[source] = TimeMath.SaturatingSubtract(timestamp, _latenessNs);

        // Only the slowest source (or one that had not delivered, or was idle) can move the smallest watermark.
        return (wasIdle || old == long.MinValue || TimeMath.SaturatingSubtract(old, _latenessNs) <= Watermark || Watermark == long.MinValue) && Recompute();
    }

    /// <summary>
    /// <paramref name="source"/> reached <paramref name="timestamp"/> without its events coming here (a progress
    /// marker): as if they had. Smaller times than it reached change nothing. True when the watermark moved.
    /// </summary>
    public bool Advance(int source, long timestamp) => Observe(source, timestamp);

    /// <summary>Marks a source idle (it does not hold the watermark back) or active. True when the watermark moved.</summary>
    public bool SetIdle(int source, bool idle)
    {
        Ensure(source);
        if (_idle[source] == idle)
        {
            return false;
        }

        _idle[source] = idle;
        return Recompute();
    }

    /// <summary>
    /// Announces a source before it delivers, with its <paramref name="rank"/>: until it delivers or is idle, it holds
    /// the watermark back.
    /// </summary>
    public void Register(int source, long rank)
    {
        Ensure(source);
        _registered[source] = true;
        _idle[source] = false;
        _rank[source] = rank;
    }

    /// <summary>Forgets a source: it no longer holds the watermark back. True when the watermark moved.</summary>
    public bool Remove(int source)
    {
        Ensure(source);
        _registered[source] = false;
        return SetIdle(source, idle: true);
    }

    /// <summary>Writes every source's largest time, flags, rank and count of events (the watermark itself is the caller's to write).</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(_max.Length);
        for (var i = 0; i < _max.Length; i++)
        {
            w.Long(_max[i]);
            w.Bool(_idle[i]);
            w.Bool(_registered[i]);
            w.Long(_rank[i]);
            w.Long(_sequence[i]);
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote, with the <paramref name="watermark"/> written beside it, into new tracking;
    /// without <paramref name="withOrder"/>, the form of formats 2 to 4 (no rank or count per source: each source ranks
    /// by its number; see <see cref="CountOnFrom"/>).
    /// </summary>
    public void ReadFrom(Snapshots.SnapshotReader r, long watermark, bool withOrder)
    {
        Watermark = watermark;
        var sources = r.Count();
        Ensure(Math.Max(sources - 1, 0));
        for (var i = 0; i < sources; i++)
        {
            _max[i] = r.Long();
            _own[i] = _max[i] == long.MinValue ? long.MinValue : TimeMath.SaturatingSubtract(_max[i], _latenessNs);
            _idle[i] = r.Bool();
            _registered[i] = r.Bool();
            _rank[i] = withOrder ? r.Long() : i;
            _sequence[i] = withOrder ? r.Long() : 0;
        }
    }

    /// <summary>Every source counts its events on from <paramref name="sequence"/> (past the events a snapshot of format 2 to 4 buffered).</summary>
    public void CountOnFrom(long sequence) => _sequence.AsSpan().Fill(sequence);

    private void Ensure(int source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(source);
        if (source >= _max.Length)
        {
            var size = Math.Max(source + 1, _max.Length * 2);
            var oldLength = _max.Length;
            Array.Resize(ref _max, size);
            Array.Resize(ref _own, size);
            Array.Resize(ref _rank, size);
            Array.Resize(ref _sequence, size);
            Array.Resize(ref _idle, size);
            Array.Resize(ref _registered, size);
            _max.AsSpan(oldLength).Fill(long.MinValue);
            _own.AsSpan(oldLength).Fill(long.MinValue);
            for (var i = oldLength; i < size; i++)
            {
                _rank[i] = i;
            }
        }
    }

    private bool Recompute()
    {
        long active = long.MaxValue, all = long.MinValue;
        for (var i = 0; i < _max.Length; i++)
        {
            var max = _max[i];
            if (max == long.MinValue)
            {
                if (_registered[i] && !_idle[i])
                {
                    return false; // a registered source has not delivered yet: its first event may be the oldest
                }

                continue;
            }

            all = Math.Max(all, max);
            if (!_idle[i])
            {
                active = Math.Min(active, max);
            }
        }

        var basis = active != long.MaxValue ? active : all;
        if (basis == long.MinValue)
        {
            return false;
        }

        var watermark = TimeMath.SaturatingSubtract(basis, _latenessNs);
        if (watermark <= Watermark)
        {
            return false;
        }

        Watermark = watermark;
        return true;
    }
}
