namespace CallMetrics.Core.Windows;

/// <summary>
/// The windowed tallies of one kind of series (agent series or queue series), indexed by a dense
/// series number. Accrual goes into a per-series <em>current</em> tally covering one granule of time
/// (the greatest common divisor of all window steps); at each granule boundary <see cref="Fold"/>
/// moves the current tallies into every window family's ring of step buckets, and
/// <see cref="Emit"/> sums a window's buckets for the series active in it. Work per boundary is
/// proportional to the series that had activity, never to the events processed.
/// </summary>
/// <typeparam name="T">The tally type.</typeparam>
public sealed class SeriesWindows<T>
    where T : struct, ITally<T>
{
    private readonly Family[] _families;
    private T[] _current = new T[64];
    private bool[] _dirty = new bool[64];
    private readonly List<int> _dirtyList = [];
    private int _count;

    // The sum of one series' buckets in Emit, reused for every series and emission (its percentile values too):
    // a visitor copies what it keeps.
    private T _sum;

    /// <summary>Creates the store for the given window families.</summary>
    public SeriesWindows(IReadOnlyList<WindowSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        _families = new Family[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            _families[i] = new Family(specs[i]);
        }
    }

    /// <summary>Number of series.</summary>
    public int Count => _count;

    /// <summary>True when some series has a tally that has not been emitted in every window that contains it.</summary>
    public bool HasPending
    {
        get
        {
            if (_dirtyList.Count > 0)
            {
                return true;
            }

            foreach (var family in _families)
            {
                if (family.Active.Count > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Adds a series and returns its number.</summary>
    public int AddSeries()
    {
        if (_count == _current.Length)
        {
            Array.Resize(ref _current, _count * 2);
            Array.Resize(ref _dirty, _count * 2);
        }

        foreach (var family in _families)
        {
            family.Grow(_count + 1);
        }

        return _count++;
    }

    /// <summary>The current granule's tally of a series, for accrual.</summary>
    public ref T Current(int series)
    {
        if (!_dirty[series])
        {
            _dirty[series] = true;
            _dirtyList.Add(series);
        }

        return ref _current[series];
    }

    /// <summary>
    /// Marks a series as having accrual in the current granule, as <see cref="Current"/> does, without
    /// reading its tally: for a caller that keeps the amounts elsewhere and adds them with
    /// <see cref="Current"/> before the next <see cref="Fold"/> (the order series are folded and emitted
    /// in stays that of the first accrual in the granule). The flags are a byte per series, cached where the tallies are not.
    /// </summary>
    public void Touch(int series)
    {
        if (!_dirty[series])
        {
            _dirty[series] = true;
            _dirtyList.Add(series);
        }
    }

    /// <summary>Moves the current tallies, which cover the granule starting at <paramref name="granuleStart"/>, into the step buckets.</summary>
    public void Fold(long granuleStart)
    {
        foreach (var series in _dirtyList)
        {
            ref var current = ref _current[series];
            if (current.HasActivity)
            {
                foreach (var family in _families)
                {
                    family.Add(series, TimeMath.FloorDiv(granuleStart, family.Spec.StepNs), current);
                }
            }

            // Cleared, not dropped: the series keeps its value buffers for its next granule.
            current.Clear();
            _dirty[series] = false;
        }

        _dirtyList.Clear();
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each series' tally of the window of family
    /// <paramref name="familyIndex"/> that ends at <paramref name="end"/> (a multiple of its step),
    /// for the series with activity in it. The tally handed to <paramref name="visit"/> is scratch, reused for the
    /// next series: a visitor copies the percentile values it keeps.
    /// </summary>
    public void Emit<TVisitor>(int familyIndex, long end, ref TVisitor visit)
        where TVisitor : struct, ISeriesVisitor<T>
    {
        var family = _families[familyIndex];
        var endBucket = TimeMath.FloorDiv(end, family.Spec.StepNs);
        var firstBucket = endBucket - family.Spec.Slots;
        var active = family.Active;
        for (var i = active.Count - 1; i >= 0; i--)
        {
            var series = active[i];
            if (family.LastBucket[series] < firstBucket)
            {
                family.Deactivate(i);
                continue;
            }

            ref var sum = ref _sum;
            sum.Clear();
            var ring = family.Rings[series]!;
            var buckets = family.RingBuckets[series]!;
            for (var slot = 0; slot < ring.Length; slot++)
            {
                if (buckets[slot] >= firstBucket && buckets[slot] < endBucket)
                {
                    sum.Add(ring[slot]);
                }
            }

            if (sum.HasActivity)
            {
                visit.Visit(series, sum);
            }
        }
    }

    /// <summary>
    /// Like <see cref="Emit"/> for a window that is still open: adds the current granule's tallies and
    /// <paramref name="extra"/> (time accrued but not yet recorded) without changing any state.
    /// </summary>
    public void Peek<TVisitor>(int familyIndex, long end, IReadOnlyDictionary<int, T> extra, ref TVisitor visit)
        where TVisitor : struct, ISeriesVisitor<T>
    {
        ArgumentNullException.ThrowIfNull(extra);
        var family = _families[familyIndex];
        var endBucket = TimeMath.FloorDiv(end, family.Spec.StepNs);
        var firstBucket = endBucket - family.Spec.Slots;
        var seen = new HashSet<int>();
        foreach (var series in family.Active.Concat(_dirtyList).Concat(extra.Keys))
        {
            if (!seen.Add(series))
            {
                continue;
            }

            var sum = default(T);
            if (family.Rings[series] is { } ring && family.RingBuckets[series] is { } buckets)
            {
                for (var slot = 0; slot < ring.Length; slot++)
                {
                    if (buckets[slot] >= firstBucket && buckets[slot] < endBucket)
                    {
                        sum.Add(ring[slot]);
                    }
                }
            }

            if (_dirty[series])
            {
                sum.Add(_current[series]);
            }

            if (extra.TryGetValue(series, out var more))
            {
                sum.Add(more);
            }

            if (sum.HasActivity)
            {
                visit.Visit(series, sum);
            }
        }
    }

    /// <summary>Writes every series' current tally and step buckets (series are numbered the same on restore).</summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Count(_count);
        writer.Count(_dirtyList.Count);
        foreach (var series in _dirtyList)
        {
            writer.Count(series);
            _current[series].Write(writer);
        }

        foreach (var family in _families)
        {
            var withRings = 0;
            for (var series = 0; series < _count; series++)
            {
                withRings += family.Rings[series] is null ? 0 : 1;
            }

            writer.Count(withRings);
            for (var series = 0; series < _count; series++)
            {
                if (family.Rings[series] is not { } ring || family.RingBuckets[series] is not { } buckets)
                {
                    continue;
                }

                writer.Count(series);
                writer.Long(family.LastBucket[series]);
                for (var slot = 0; slot < ring.Length; slot++)
                {
                    writer.Long(buckets[slot]);
                    if (buckets[slot] != long.MinValue)
                    {
                        ring[slot].Write(writer);
                    }
                }
            }

            writer.Count(family.Active.Count);
            foreach (var series in family.Active)
            {
                writer.Count(series);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into an empty store.</summary>
    internal void ReadFrom(Snapshots.SnapshotReader reader)
    {
        var count = reader.Count();
        while (_count < count)
        {
            AddSeries();
        }

        var dirty = reader.Count();
        for (var i = 0; i < dirty; i++)
        {
            var series = reader.Count();
            Current(series).Read(reader);
        }

        foreach (var family in _families)
        {
            var withRings = reader.Count();
            for (var i = 0; i < withRings; i++)
            {
                var series = reader.Count();
                family.LastBucket[series] = reader.Long();
                var ring = family.Rings[series] = new T[family.Spec.Slots];
                var buckets = family.RingBuckets[series] = new long[family.Spec.Slots];
                for (var slot = 0; slot < ring.Length; slot++)
                {
                    buckets[slot] = reader.Long();
                    if (buckets[slot] != long.MinValue)
                    {
                        ring[slot].Read(reader);
                    }
                }
            }

            var active = reader.Count();
            for (var i = 0; i < active; i++)
            {
                var series = reader.Count();
                family.IsActive[series] = true;
                family.Active.Add(series);
            }
        }
    }

    private sealed class Family(WindowSpec spec)
    {
        public WindowSpec Spec { get; } = spec;

        public T[]?[] Rings { get; private set; } = [];

        public long[]?[] RingBuckets { get; private set; } = [];

        public long[] LastBucket { get; private set; } = [];

        public bool[] IsActive { get; private set; } = [];

        public List<int> Active { get; } = [];

        public void Grow(int count)
        {
            if (count <= Rings.Length)
            {
                return;
            }

            var size = Math.Max(64, Rings.Length * 2);
            var rings = Rings;
            var ringBuckets = RingBuckets;
            var lastBucket = LastBucket;
            var isActive = IsActive;
            Array.Resize(ref rings, size);
            Array.Resize(ref ringBuckets, size);
            Array.Resize(ref lastBucket, size);
            Array.Resize(ref isActive, size);
            Rings = rings;
            RingBuckets = ringBuckets;
            LastBucket = lastBucket;
            IsActive = isActive;
        }

        public void Add(int series, long bucket, in T tally)
        {
            var ring = Rings[series];
            var buckets = RingBuckets[series];
            if (ring is null || buckets is null)
            {
                ring = Rings[series] = new T[Spec.Slots];
                buckets = RingBuckets[series] = new long[Spec.Slots];
                Array.Fill(buckets, long.MinValue);
            }

            var slot = (int)(((bucket % Spec.Slots) + Spec.Slots) % Spec.Slots);
            if (buckets[slot] != bucket)
            {
                // The bucket turns: its tally is cleared for the new step, keeping its value buffers.
                ring[slot].Clear();
                buckets[slot] = bucket;
            }

            ring[slot].Add(tally);
            LastBucket[series] = bucket; // granules are folded in time order
            if (!IsActive[series])
            {
                IsActive[series] = true;
                Active.Add(series);
            }
        }

        public void Deactivate(int index)
        {
            var series = Active[index];
            IsActive[series] = false;
            Active[index] = Active[^1];
            Active.RemoveAt(Active.Count - 1);
        }
    }
}
