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
    // The in-order FIFO is a ring of entries read in place: an 80-byte entry is copied once on the way in
    // and once on the way out (Queue<T> copied it three times per release: TryPeek, Dequeue, out).
    private Entry[] _ring = new Entry[64];
    private int _head;
    private int _inOrderCount;
    private readonly PriorityQueue<Entry, (long Timestamp, long Sequence)> _outOfOrder = new();
    private long _lastInOrder = long.MinValue;
    private long _sequence;

    /// <summary>Events held.</summary>
    public int Count => _inOrderCount + _outOfOrder.Count;

    /// <summary>Adds an accepted event.</summary>
    public void Add(in CanonicalEvent e)
    {
        var sequence = _sequence++;
        if (e.Timestamp >= _lastInOrder)
        {
            Enqueue(e, sequence);
            _lastInOrder = e.Timestamp;
        }
        else
        {
            _outOfOrder.Enqueue(new Entry(e, sequence), (e.Timestamp, sequence));
        }
    }

    /// <summary>True when <see cref="PeekAhead"/> has an event <paramref name="ahead"/> places behind the next one.</summary>
    public bool HasAhead(int ahead) => (uint)ahead < (uint)_inOrderCount;

    /// <summary>
    /// The in-order event <paramref name="ahead"/> places behind the next one (not necessarily the one released
    /// then, if late arrivals come between), read in place: for prefetching its state before it is applied. Only
    /// when <see cref="HasAhead"/> says there is one.
    /// </summary>
    public ref readonly CanonicalEvent PeekAhead(int ahead) => ref _ring[(_head + ahead) & (_ring.Length - 1)].Event;

    /// <summary>Takes the next event with a time at or before <paramref name="limit"/>, in (time, arrival) order.</summary>
    public bool TryTake(long limit, out CanonicalEvent e)
    {
        if (_inOrderCount > 0)
        {
            ref readonly var a = ref _ring[_head];
            if (_outOfOrder.Count == 0 || Before(a, _outOfOrder.Peek()))
            {
                if (a.Event.Timestamp <= limit)
                {
                    e = a.Event;
                    _head = (_head + 1) & (_ring.Length - 1);
                    _inOrderCount--;
                    return true;
                }

                e = default;
                return false;
            }
        }

        if (_outOfOrder.TryPeek(out var b, out _) && b.Event.Timestamp <= limit)
        {
            e = _outOfOrder.Dequeue().Event;
            return true;
        }

        e = default;
        return false;
    }

    private static bool Before(in Entry a, in Entry b) =>
        a.Event.Timestamp < b.Event.Timestamp || (a.Event.Timestamp == b.Event.Timestamp && a.Sequence < b.Sequence);

    private void Enqueue(in CanonicalEvent e, long sequence)
    {
        if (_inOrderCount == _ring.Length)
        {
            var ring = new Entry[_ring.Length * 2];
            for (var i = 0; i < _inOrderCount; i++)
            {
                ring[i] = _ring[(_head + i) & (_ring.Length - 1)];
            }

            _ring = ring;
            _head = 0;
        }

        ref var slot = ref _ring[(_head + _inOrderCount) & (_ring.Length - 1)];
        slot = new Entry(e, sequence);
        _inOrderCount++;
    }

    /// <summary>Writes the held events with their arrival numbers.</summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Long(_lastInOrder);
        writer.Long(_sequence);
        writer.Count(_inOrderCount);
        for (var i = 0; i < _inOrderCount; i++)
        {
            ref readonly var entry = ref _ring[(_head + i) & (_ring.Length - 1)];
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
            Enqueue(EventCodec.Read(reader), sequence);
        }

        var outOfOrder = reader.Count();
        for (var i = 0; i < outOfOrder; i++)
        {
            var sequence = reader.Long();
            var e = EventCodec.Read(reader);
            _outOfOrder.Enqueue(new Entry(e, sequence), (e.Timestamp, sequence));
        }
    }

    // Fields, not properties, so an entry's event can be read in place (PeekAhead).
    private readonly struct Entry(CanonicalEvent e, long sequence)
    {
        public readonly CanonicalEvent Event = e;
        public readonly long Sequence = sequence;
    }
}
