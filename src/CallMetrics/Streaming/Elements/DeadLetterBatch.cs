namespace CallMetrics.Streaming.Elements;

/// <summary>Rejected input on its way to the dead-letter destination (a file, or a Kafka topic), in input order.</summary>
internal sealed class DeadLetterBatch : StreamElement
{
    /// <summary>The rejected records.</summary>
    public List<RejectedRecord> Letters { get; } = [];
}

/// <summary>One rejected record: where it was read, why it was rejected, and its bytes (and key) exactly as read.</summary>
/// <param name="Position">Where it was read.</param>
/// <param name="Reason">Why it was rejected: <c>code: detail</c>.</param>
/// <param name="Value">The raw input.</param>
/// <param name="Key">The record's key, or null.</param>
internal sealed record RejectedRecord(SourcePosition Position, string Reason, byte[] Value, byte[]? Key);
