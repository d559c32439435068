namespace CallMetrics.Inputs;

/// <summary>
/// One input format translated into canonical events (spec/EVENTS.md).
/// Stateful: one instance per input stream; not thread-safe.
/// </summary>
public interface IEventTranslator
{
    /// <summary>The format name used by <c>--format</c> (for example <c>asterisk-queue-log</c>, <c>amazon-connect</c>).</summary>
    string Format { get; }

    /// <summary>
    /// Canonical metric fields this format cannot provide (for example <c>hold_s</c> for queue_log):
    /// the output omits them instead of writing a wrong zero.
    /// </summary>
    IReadOnlySet<string> UnavailableFields { get; }

    /// <summary>
    /// Translates one input record (one queue_log line, or one Amazon Connect JSON record) given its 1-based line number.
    /// Appends zero or more canonical events as UTF-8 JSON objects (no newline) to <paramref name="events"/>,
    /// in non-decreasing event time. Blank lines are skipped by the caller.
    /// </summary>
    /// <returns><see langword="false"/> and a human-readable <paramref name="reason"/> when the record cannot be translated (the caller dead-letters it).</returns>
    bool TryTranslate(ReadOnlySpan<byte> record, long lineNumber, List<byte[]> events, out string? reason);

    /// <summary>End of input: appends whatever is still pending (for example wrap ends scheduled by <c>wrapuptime</c>), in time order.</summary>
    void Complete(List<byte[]> events);

    /// <summary>
    /// Writes everything the translator holds (output not yet released, open calls, agents) to
    /// <paramref name="output"/>, for a checkpoint. A new translator of the same format that reads it with
    /// <see cref="ReadState"/> and then translates the records after it gives exactly the events this one would
    /// have. Does no I/O of its own beyond writing to <paramref name="output"/>, which it leaves open.
    /// </summary>
    void WriteState(Stream output);

    /// <summary>
    /// Replaces this translator's state with one written by <see cref="WriteState"/> of a translator of the same
    /// format. Throws <see cref="InvalidDataException"/> when <paramref name="input"/> does not hold one (another
    /// format, another version, truncated); the translator is then unusable. Leaves <paramref name="input"/> open.
    /// </summary>
    void ReadState(Stream input);
}
