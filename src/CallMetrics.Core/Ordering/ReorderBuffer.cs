using CallMetrics.Core.Events;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// Holds accepted events until the watermark passes them and releases them sorted by (time, arrival
/// order): one stable sort, as METRICS.md requires. Events that arrive in order (the common case)
/// go to a FIFO in O(1); only out-of-order ones pay for a heap.
/// </summary>
public sealed class ReorderBuffer
{
    private readonly Queue<Entry> _inOrder = new();
    private readonly PriorityQueue<Entry, (long Timestamp, long Sequence)> _outOfOrder = new();
    private long _lastInOrder = long.MinValue;
    private long _sequence;

    /// <summary>Events held.</summary>
    public int Count => _inOrder.Count + _outOfOrder.Count;

    /// <summary>Adds an accepted event.</summary>
    public void Add(in CanonicalEvent e)
    {
        var entry = new Entry(e, _sequence++);
        if (e.Timestamp >= _lastInOrder)
        {
            _inOrder.Enqueue(entry);
            _lastInOrder = e.Timestamp;
        }
        else
        {
            _outOfOrder.Enqueue(entry, (e.Timestamp, entry.Sequence));
        }
    }

    /// <summary>Takes the next event with a time at or before <paramref name="limit"/>, in (time, arrival) order.</summary>
    public bool TryTake(long limit, out CanonicalEvent e)
    {
        var hasInOrder = _inOrder.TryPeek(out var a);
        var hasOutOfOrder = _outOfOrder.TryPeek(out var b, out _);
        if (hasInOrder && (!hasOutOfOrder || a.Event.Timestamp < b.Event.Timestamp
                || (a.Event.Timestamp == b.Event.Timestamp && a.Sequence < b.Sequence)))
        {
            if (a.Event.Timestamp <= limit)
            {
                e = _inOrder.Dequeue().Event;
                return true;
            }
        }
        else if (hasOutOfOrder && b.Event.Timestamp <= limit)
        {
            e = _outOfOrder.Dequeue().Event;
            return true;
        }

        e = default;
        return false;
    }

    private readonly record struct Entry(CanonicalEvent Event, long Sequence);
}
