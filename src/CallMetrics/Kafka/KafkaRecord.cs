namespace CallMetrics.Kafka;

/// <summary>One consumed Kafka message, detached from the client: its bytes are a copy the receiver owns.</summary>
/// <param name="Topic">The topic it was read from.</param>
/// <param name="Partition">The partition it was read from.</param>
/// <param name="Offset">Its offset in the partition; the offset to commit once it is processed is <c>Offset + 1</c>.</param>
/// <param name="Key">The message key, or null when the message has none.</param>
/// <param name="Value">The message value (empty for a null value).</param>
/// <param name="Timestamp">The message timestamp (producer create time or broker log-append time).</param>
public readonly record struct KafkaRecord(
    string Topic,
    int Partition,
    long Offset,
    byte[]? Key,
    byte[] Value,
    DateTimeOffset Timestamp);
