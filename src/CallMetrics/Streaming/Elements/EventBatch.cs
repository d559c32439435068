using System.Buffers;
using CallMetrics.Core.Events;

namespace CallMetrics.Streaming.Elements;

/// <summary>
/// Decoded input: event <c>i</c> is record <c>i</c> of <see cref="Records"/> (kept for the position, and the raw
/// bytes a dead letter carries), except at the indices of <see cref="Rejections"/>, which were rejected before the
/// engine (with the reason, in increasing index order). The engine applies the events and dead-letters the
/// rejections in one pass, so both kinds of dead letters of one input come out in input order.
/// </summary>
internal sealed class EventBatch : StreamElement
{
    private CanonicalEvent[] _events;

    /// <summary>Creates the decoded form of <paramref name="records"/>, its events still to be filled in.</summary>
    public EventBatch(RecordBatch records, long stamp)
    {
        Records = records;
        Stamp = stamp;
        _events = ArrayPool<CanonicalEvent>.Shared.Rent(Math.Max(1, records.Count));
    }

    /// <summary>The records the events were decoded from.</summary>
    public RecordBatch Records { get; }

    /// <summary>
    /// The symbol table's generation when the batch was handed to its decoder: the release protocol's stamp
    /// (<see cref="SymbolTable"/>, remarks), carried by the parts a router cuts the batch into.
    /// </summary>
    public long Stamp { get; }

    /// <summary>Number of records (events and rejections).</summary>
    public int Count => Records.Count;

    /// <summary>Event <c>i</c> belongs to record <c>i</c>; entries at rejected indices are meaningless.</summary>
    public Span<CanonicalEvent> Events => _events.AsSpan(0, Records.Count);

    /// <summary>Records rejected before the engine, by index, in increasing index order.</summary>
    public List<(int Index, string Reason)> Rejections { get; } = [];

    /// <summary>Adds record <paramref name="index"/> of <paramref name="from"/> with its decoded event (routing a batch to shards).</summary>
    public void Add(EventBatch from, int index)
    {
        var at = Records.Add(from.Records.Value(index), from.Records.Position(index), from.Records.Key(index), from.Records.HasKey(index));
        Ensure(at + 1);
        _events[at] = from._events[index];
    }

    /// <summary>Adds record <paramref name="index"/> of <paramref name="from"/> as a rejection with its reason.</summary>
    public void AddRejected(EventBatch from, int index, string reason)
    {
        var at = Records.Add(from.Records.Value(index), from.Records.Position(index), from.Records.Key(index), from.Records.HasKey(index));
        Ensure(at + 1);
        _events[at] = default;
        Rejections.Add((at, reason));
    }

    private void Ensure(int count)
    {
        if (_events.Length < count)
        {
            var bigger = ArrayPool<CanonicalEvent>.Shared.Rent(Math.Max(count, _events.Length * 2));
            _events.AsSpan().CopyTo(bigger);
            ArrayPool<CanonicalEvent>.Shared.Return(_events);
            _events = bigger;
        }
    }

    /// <summary>Gives the pooled buffers back (the records' too); the batch must not be used afterwards.</summary>
    public void Return()
    {
        if (_events.Length > 0)
        {
            ArrayPool<CanonicalEvent>.Shared.Return(_events);
            _events = [];
            Records.Return();
        }
    }
}
