namespace CallMetrics.Core.Windows;

/// <summary>
/// The values behind a percentile field (METRICS.md "Distributions"): the handle times or waits, in nanoseconds,
/// counted in one tally. A tally holds a reference to one, created on its first value; adding tallies copies the
/// values, so pooled lines (team, queue, tenant) hold the union of their members' values, never their percentiles.
/// A rolling window keeps them per step bucket, so they leave with the bucket. A tally that is cleared for reuse
/// (<see cref="ITally{T}.Clear"/>) empties its instance and keeps it, so accrual allocates only as a buffer grows.
/// </summary>
public sealed class Samples
{
    private long[] _values = new long[4];

    /// <summary>Number of values.</summary>
    public int Count { get; private set; }

    /// <summary>Values the buffer holds without growing.</summary>
    internal int Capacity => _values.Length;

    /// <summary>The values, in the order they were added.</summary>
    public ReadOnlySpan<long> Values => _values.AsSpan(0, Count);

    /// <summary>Empties the values, keeping the buffer for reuse.</summary>
    public void Clear() => Count = 0;

    /// <summary>Empties <paramref name="samples"/> when there is one.</summary>
    public static void Clear(Samples? samples) => samples?.Clear();

    /// <summary>Adds <paramref name="value"/> to <paramref name="samples"/>, creating it when null.</summary>
    public static void Add(ref Samples? samples, long value) => (samples ??= new Samples()).Append(value);

    /// <summary>Adds every value of <paramref name="other"/> to <paramref name="samples"/> (created when needed).</summary>
    public static void AddAll(ref Samples? samples, Samples? other)
    {
        if (other is null || other.Count == 0)
        {
            return;
        }

        samples ??= new Samples();
        samples.AppendAll(other.Values);
    }

    /// <summary>
    /// The nearest-rank percentile (METRICS.md: sort the n values ascending, take the one at 1-based position
    /// ceil(p * n)) for p = <paramref name="percent"/> / 100; null when there are no values. Sorts a copy.
    /// </summary>
    public static long? Percentile(Samples? samples, int percent)
    {
        if (samples is null || samples.Count == 0)
        {
            return null;
        }

        var n = samples.Count;
        var sorted = n <= 256 ? stackalloc long[n] : new long[n];
        samples.Values.CopyTo(sorted);
        sorted.Sort();
        return AtRank(sorted, percent);
    }

    /// <summary>
    /// The nearest-rank 50th and 90th percentiles of the values, sorted once in <paramref name="scratch"/> (grown
    /// when too small, kept by the caller for the next call); false when there are no values.
    /// </summary>
    public static bool TryMedianAndP90(Samples? samples, ref long[] scratch, out long p50, out long p90)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (samples is null || samples.Count == 0)
        {
            p50 = p90 = 0;
            return false;
        }

        var n = samples.Count;
        if (scratch.Length < n)
        {
            scratch = new long[Math.Max(n, scratch.Length * 2)];
        }

        var sorted = scratch.AsSpan(0, n);
        samples.Values.CopyTo(sorted);
        sorted.Sort();
        p50 = AtRank(sorted, 50);
        p90 = AtRank(sorted, 90);
        return true;
    }

    private static long AtRank(ReadOnlySpan<long> sorted, int percent)
    {
        // Integer ceiling, so that 0.9 * 10 is 9 and not a float just above it.
        var n = sorted.Length;
        var rank = (int)(((long)percent * n + 99) / 100);
        return sorted[Math.Clamp(rank, 1, n) - 1];
    }

    /// <summary>Writes the values to a snapshot.</summary>
    public static void Write(Snapshots.SnapshotWriter writer, Samples? samples)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var count = samples?.Count ?? 0;
        writer.Count(count);
        for (var i = 0; i < count; i++)
        {
            writer.Long(samples!._values[i]);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; null when it wrote none.</summary>
    public static Samples? Read(Snapshots.SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.Count();
        Samples? samples = null;
        for (var i = 0; i < count; i++)
        {
            Add(ref samples, reader.Long());
        }

        return samples;
    }

    private void Append(long value)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, Count * 2);
        }

        _values[Count++] = value;
    }

    private void AppendAll(ReadOnlySpan<long> values)
    {
        if (Count + values.Length > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, Count + values.Length));
        }

        values.CopyTo(_values.AsSpan(Count));
        Count += values.Length;
    }
}
