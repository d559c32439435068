using CallMetrics.Core.Events;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// Holds accepted events until the watermark passes them and releases them sorted by (time, source rank, order within
/// the source): with one source, one stable sort by time, as METRICS.md requires; with several (Kafka partitions), an
/// order that does not depend on how the sources' events were interleaved (docs/DECISIONS.md "Kafka (the service)").
/// Events that arrive in order (the common case) go to a FIFO in O(1); only out-of-order ones pay for a heap.
/// </summary>
public sealed class ReorderBuffer
{
    // The in-order FIFO is a ring of entries read in place: an entry is copied once on the way in and once on the
    // way out (Queue<T> copied it three times per release: TryPeek, Dequeue, out).
    private Entry[] _ring = new Entry[64];
    private int _head;
    private int _inOrderCount;
    private readonly PriorityQueue<Entry, ReleaseOrder> _outOfOrder = new();
    private ReleaseOrder _lastInOrder = new(long.MinValue, long.MinValue, long.MinValue);
    private long _sequence;

    /// <summary>Events held.</summary>
    public int Count => _inOrderCount + _outOfOrder.Count;

    /// <summary>Adds an accepted event of the only source: released in (time, arrival) order.</summary>
    public void Add(in CanonicalEvent e) => Add(e, rank: 0, _sequence++);

    /// <summary>
    /// Adds an accepted event from the source of <paramref name="rank"/>, the <paramref name="sequence"/>-th accepted
    /// from it: released in (time, rank, sequence) order.
    /// </summary>
    public void Add(in CanonicalEvent e, long rank, long sequence)
    {
        var order = new ReleaseOrder(e.Timestamp, rank, sequence);
        if (order.CompareTo(_lastInOrder) >= 0)
        {
            Enqueue(new Entry(order, e));
            _lastInOrder = order;
        }
        else
        {
            _outOfOrder.Enqueue(new Entry(order, e), order);
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

    /// <summary>Takes the next event with a time at or before <paramref name="limit"/>, in (time, rank, sequence) order.</summary>
    public bool TryTake(long limit, out CanonicalEvent e)
    {
        if (_inOrderCount > 0)
        {
            ref readonly var a = ref _ring[_head];
            if (_outOfOrder.Count == 0 || a.Order.CompareTo(_outOfOrder.Peek().Order) < 0)
            {
                if (a.Order.Timestamp <= limit)
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

        if (_outOfOrder.TryPeek(out var b, out _) && b.Order.Timestamp <= limit)
        {
            e = _outOfOrder.Dequeue().Event;
            return true;
        }

        e = default;
        return false;
    }

    private void Enqueue(in Entry entry)
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

        _ring[(_head + _inOrderCount) & (_ring.Length - 1)] = entry;
        _inOrderCount++;
    }

    /// <summary>Writes the held events with their ranks and sequence numbers (format <c>callmetrics-engine-5</c>).</summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Long(_lastInOrder.Timestamp);
        writer.Long(_lastInOrder.Rank);
        writer.Long(_lastInOrder.Sequence);
        writer.Long(_sequence);
        writer.Count(_inOrderCount);
        for (var i = 0; i < _inOrderCount; i++)
        {
            Write(writer, _ring[(_head + i) & (_ring.Length - 1)]);
        }

        writer.Count(_outOfOrder.Count);
        foreach (var (entry, _) in _outOfOrder.UnorderedItems)
        {
            Write(writer, entry);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into an empty buffer.</summary>
    internal void ReadFrom(Snapshots.SnapshotReader reader)
    {
        _lastInOrder = new ReleaseOrder(reader.Long(), reader.Long(), reader.Long());
        _sequence = reader.Long();
        ReadEntries(reader, inOrder: true, arrivalOrder: false);
        ReadEntries(reader, inOrder: false, arrivalOrder: false);
    }

    /// <summary>
    /// Reads the form of formats 2 to 4 (arrival numbers across all sources, no rank) into an empty buffer: those events
    /// keep their arrival order and come before any later event of the same time (rank <see cref="long.MinValue"/>).
    /// Returns the next arrival number, from which the sources' own counts go on.
    /// </summary>
    internal long ReadArrivalOrderFrom(Snapshots.SnapshotReader reader)
    {
        var last = reader.Long();
        _sequence = reader.Long();
        _lastInOrder = new ReleaseOrder(last, long.MinValue, _sequence - 1);
        ReadEntries(reader, inOrder: true, arrivalOrder: true);
        ReadEntries(reader, inOrder: false, arrivalOrder: true);
        return _sequence;
    }

    private void ReadEntries(Snapshots.SnapshotReader reader, bool inOrder, bool arrivalOrder)
    {
        var count = reader.Count();
        for (var i = 0; i < count; i++)
        {
            var rank = arrivalOrder ? long.MinValue : reader.Long();
            var sequence = reader.Long();
            var e = EventCodec.Read(reader);
            var entry = new Entry(new ReleaseOrder(e.Timestamp, rank, sequence), e);
            if (inOrder)
            {
                Enqueue(entry);
            }
            else
            {
                _outOfOrder.Enqueue(entry, entry.Order);
            }
        }
    }

    private static void Write(Snapshots.SnapshotWriter writer, in Entry entry)
    {
        writer.Long(entry.Order.Rank);
        writer.Long(entry.Order.Sequence);
        EventCodec.Write(writer, entry.Event);
    }

    // Fields, not properties, so an entry's event can be read in place (PeekAhead).
    private readonly struct Entry(ReleaseOrder order, CanonicalEvent e)
    {
        public readonly ReleaseOrder Order = order;
        public readonly CanonicalEvent Event = e;
    }

    /// <summary>Where an event goes in the release order: by time, then its source's rank, then its place in the source.</summary>
    private readonly record struct ReleaseOrder(long Timestamp, long Rank, long Sequence) : IComparable<ReleaseOrder>
    {
        public int CompareTo(ReleaseOrder other) =>
            Timestamp != other.Timestamp ? Timestamp.CompareTo(other.Timestamp)
            : Rank != other.Rank ? Rank.CompareTo(other.Rank)
            : Sequence.CompareTo(other.Sequence);
    }
}
