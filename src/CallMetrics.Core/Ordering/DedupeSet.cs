using CallMetrics.Core.Events;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// The ids of accepted events, remembered for at least one horizon of watermark progress and at most two
/// (two generations, the older dropped when the watermark passes the next rotation point). Once the
/// watermark is more than <c>lateness</c> past an event, a copy of it would be late anyway, so a
/// horizon of at least the lateness never lets a duplicate be applied twice; it only decides whether a
/// very late copy is reported as a duplicate or as late.
/// </summary>
public sealed class DedupeSet
{
    private readonly long _horizonNs;
    private HashSet<EventId> _current = [];
    private HashSet<EventId> _previous = [];
    private long _rotateAt = long.MinValue;

    /// <summary>Creates a set that remembers ids for <paramref name="horizonNs"/> of watermark progress.</summary>
    public DedupeSet(long horizonNs) => _horizonNs = Math.Max(horizonNs, 1);

    /// <summary>Ids remembered.</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>True when the id was accepted before (and is still remembered).</summary>
    public bool Contains(in EventId id) => _current.Contains(id) || _previous.Contains(id);

    /// <summary>Remembers an accepted id.</summary>
    public void Add(in EventId id) => _current.Add(id);

    /// <summary>Writes the remembered ids.</summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Long(_rotateAt);
        foreach (var set in new[] { _current, _previous })
        {
            writer.Count(set.Count);
            foreach (var id in set)
            {
                writer.Long((long)id.High);
                writer.Long((long)id.Low);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    internal void ReadFrom(Snapshots.SnapshotReader reader)
    {
        _rotateAt = reader.Long();
        foreach (var set in new[] { _current, _previous })
        {
            set.Clear();
            var count = reader.Count();
            for (var i = 0; i < count; i++)
            {
                set.Add(new EventId((ulong)reader.Long(), (ulong)reader.Long()));
            }
        }
    }

    /// <summary>Drops the oldest generation once the watermark has moved a horizon past the last rotation.</summary>
    public void OnWatermark(long watermark)
    {
        if (_rotateAt == long.MinValue)
        {
            _rotateAt = watermark + _horizonNs;
        }
        else if (watermark > _rotateAt)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            _rotateAt = watermark + _horizonNs;
        }
    }
}
