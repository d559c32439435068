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
