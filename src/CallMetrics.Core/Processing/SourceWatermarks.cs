namespace CallMetrics.Core.Processing;

/// <summary>
/// Event-time progress per source (a Kafka partition, or one file) and the watermark it gives: the smallest
/// of the largest times of the sources not marked idle, minus the lateness; with every source idle, the
/// largest time of all. A registered source that has not delivered holds the watermark back (its first
/// events may be the oldest). The watermark never moves back.
/// </summary>
/// <remarks>Sources are small dense numbers; the arrays grow to the largest seen.</remarks>
internal sealed class SourceWatermarks
{
    private readonly long _latenessNs;
    private long[] _max = [];
    private bool[] _idle = [];
    private bool[] _registered = [];

    /// <summary>Creates the tracking for a watermark <paramref name="latenessNs"/> behind the sources.</summary>
    public SourceWatermarks(long latenessNs) => _latenessNs = latenessNs;

    /// <summary>The watermark; <see cref="long.MinValue"/> until every source that holds it back has delivered.</summary>
    public long Watermark { get; private set; } = long.MinValue;

    /// <summary>
    /// <paramref name="source"/> delivered an event at <paramref name="timestamp"/>. True when the watermark moved
    /// (read it from <see cref="Watermark"/>).
    /// </summary>
    public bool Observe(int source, long timestamp)
    {
        Ensure(source);
        if (timestamp <= _max[source])
        {
            return false;
        }

        _max[source] = timestamp;
        _idle[source] = false;
        return Recompute();
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

    /// <summary>Announces a source before it delivers: until it delivers or is idle, it holds the watermark back.</summary>
    public void Register(int source)
    {
        Ensure(source);
        _registered[source] = true;
        _idle[source] = false;
    }

    /// <summary>Forgets a source: it no longer holds the watermark back. True when the watermark moved.</summary>
    public bool Remove(int source)
    {
        Ensure(source);
        _registered[source] = false;
        return SetIdle(source, idle: true);
    }

    /// <summary>Writes every source's largest time and flags (the watermark itself is the caller's to write).</summary>
    public void WriteTo(Snapshots.SnapshotWriter w)
    {
        w.Count(_max.Length);
        for (var i = 0; i < _max.Length; i++)
        {
            w.Long(_max[i]);
            w.Bool(_idle[i]);
            w.Bool(_registered[i]);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, with the <paramref name="watermark"/> written beside it, into new tracking.</summary>
    public void ReadFrom(Snapshots.SnapshotReader r, long watermark)
    {
        Watermark = watermark;
        var sources = r.Count();
        Ensure(Math.Max(sources - 1, 0));
        for (var i = 0; i < sources; i++)
        {
            _max[i] = r.Long();
            _idle[i] = r.Bool();
            _registered[i] = r.Bool();
        }
    }

    private void Ensure(int source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(source);
        if (source >= _max.Length)
        {
            var size = Math.Max(source + 1, _max.Length * 2);
            var oldLength = _max.Length;
            Array.Resize(ref _max, size);
            Array.Resize(ref _idle, size);
            Array.Resize(ref _registered, size);
            _max.AsSpan(oldLength).Fill(long.MinValue);
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

        var watermark = basis - _latenessNs;
        if (watermark <= Watermark)
        {
            return false;
        }

        Watermark = watermark;
        return true;
    }
}
