namespace CallMetrics.Inputs;

/// <summary>
/// Holds translated events until input time has passed them, then releases them sorted by event time
/// (equal times in the order they were added). This is what keeps the output in non-decreasing time when
/// the input is slightly out of order or when a translator schedules events in the future (wrap ends).
/// </summary>
internal sealed class TimeOrderedBuffer
{
    private readonly SortedSet<Entry> _entries = new(EntryComparer.Instance);
    private long _sequence;

    /// <summary>Everything up to this instant has been released; an event older than it can no longer be placed.</summary>
    public DateTimeOffset ReleasedThrough { get; private set; } = DateTimeOffset.MinValue;

    public int Count => _entries.Count;

    /// <summary>Adds an event; <paramref name="wrapEndAgent"/> marks a scheduled wrap end that may be cancelled.</summary>
    public void Add(DateTimeOffset ts, byte[] json, string? wrapEndAgent = null)
    {
        if (ts < ReleasedThrough)
        {
            throw new InvalidOperationException("An event older than the released output cannot be placed in time order.");
        }

        _entries.Add(new Entry(ts, _sequence++, json, wrapEndAgent));
    }

    /// <summary>Drops scheduled wrap ends of <paramref name="agent"/> later than <paramref name="after"/>: something else ended the wrap first.</summary>
    public int CancelWrapEnds(string agent, DateTimeOffset after) =>
        _entries.RemoveWhere(e => e.WrapEndAgent is not null && e.Ts > after && string.Equals(e.WrapEndAgent, agent, StringComparison.Ordinal));

    /// <summary>Releases every event at or before <paramref name="upTo"/>, in time order.</summary>
    public void ReleaseThrough(DateTimeOffset upTo, List<byte[]> output)
    {
        while (_entries.Count > 0 && _entries.Min.Ts <= upTo)
        {
            var first = _entries.Min;
            output.Add(first.Json);
            _entries.Remove(first);
        }

        if (upTo > ReleasedThrough)
        {
            ReleasedThrough = upTo;
        }
    }

    /// <summary>Releases everything (end of input).</summary>
    public void ReleaseAll(List<byte[]> output) => ReleaseThrough(DateTimeOffset.MaxValue, output);

    /// <summary>Writes the held events, their order and what was released, for <see cref="Read"/>.</summary>
    public void Write(BinaryWriter writer)
    {
        TranslatorState.Write(writer, ReleasedThrough);
        writer.Write(_sequence);
        writer.Write7BitEncodedInt(_entries.Count);
        foreach (var entry in _entries)
        {
            TranslatorState.Write(writer, entry.Ts);
            writer.Write(entry.Sequence);
            writer.Write7BitEncodedInt(entry.Json.Length);
            writer.Write(entry.Json);
            TranslatorState.Write(writer, entry.WrapEndAgent);
        }
    }

    /// <summary>Replaces this buffer's contents with what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        _entries.Clear();
        ReleasedThrough = TranslatorState.ReadTime(reader);
        _sequence = reader.ReadInt64();
        var count = TranslatorState.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            var ts = TranslatorState.ReadTime(reader);
            var sequence = reader.ReadInt64();
            var length = TranslatorState.ReadCount(reader);
            var json = reader.ReadBytes(length);
            if (json.Length != length)
            {
                throw new EndOfStreamException();
            }

            var agent = TranslatorState.ReadOptionalString(reader);
            if (sequence >= _sequence || !_entries.Add(new Entry(ts, sequence, json, agent)))
            {
                throw new InvalidDataException("translator state holds a buffered event out of sequence");
            }
        }
    }

    private readonly record struct Entry(DateTimeOffset Ts, long Sequence, byte[] Json, string? WrapEndAgent);

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry x, Entry y)
        {
            var byTime = x.Ts.CompareTo(y.Ts);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
