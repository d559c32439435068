namespace CallMetrics.Core.Windows;

/// <summary>A mergeable accumulation of metric fields over a span of time.</summary>
/// <typeparam name="T">The tally type itself.</typeparam>
public interface ITally<T>
    where T : struct
{
    /// <summary>True when the span has any time or any count.</summary>
    bool HasActivity { get; }

    /// <summary>Adds another span's tally to this one.</summary>
    void Add(in T other);

    /// <summary>
    /// Zeroes the tally for reuse, keeping (emptied) the buffers of its percentile values, so that a tally
    /// reused granule after granule allocates nothing once its buffers have grown.
    /// </summary>
    void Clear();

    /// <summary>Writes the tally to a snapshot.</summary>
    void Write(Snapshots.SnapshotWriter writer);

    /// <summary>Reads the tally from a snapshot.</summary>
    void Read(Snapshots.SnapshotReader reader);
}
