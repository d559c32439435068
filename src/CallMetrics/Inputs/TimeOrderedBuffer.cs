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
