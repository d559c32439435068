using CallMetrics.Core.Events;
using CallMetrics.Core.Snapshots;

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

    /// <summary>Writes the held events with their arrival numbers.</summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Long(_lastInOrder);
        writer.Long(_sequence);
        writer.Count(_inOrder.Count);
        foreach (var entry in _inOrder)
        {
            writer.Long(entry.Sequence);
            EventCodec.Write(writer, entry.Event);
        }

        writer.Count(_outOfOrder.Count);
        foreach (var (entry, _) in _outOfOrder.UnorderedItems)
        {
            writer.Long(entry.Sequence);
            EventCodec.Write(writer, entry.Event);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into an empty buffer.</summary>
    internal void ReadFrom(Snapshots.SnapshotReader reader)
    {
        _lastInOrder = reader.Long();
        _sequence = reader.Long();
        var inOrder = reader.Count();
        for (var i = 0; i < inOrder; i++)
        {
            var sequence = reader.Long();
            _inOrder.Enqueue(new Entry(EventCodec.Read(reader), sequence));
        }

        var outOfOrder = reader.Count();
        for (var i = 0; i < outOfOrder; i++)
        {
            var sequence = reader.Long();
            var e = EventCodec.Read(reader);
            _outOfOrder.Enqueue(new Entry(e, sequence), (e.Timestamp, sequence));
        }
    }

    private readonly record struct Entry(CanonicalEvent Event, long Sequence);
}
