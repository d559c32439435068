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
    DateTimeOffset Timestamp)
{
    /// <summary>The message headers (name, value) in order; empty when the message has none.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Headers { get; init; } = [];

    /// <summary>The value of the last header named <paramref name="name"/>, or null.</summary>
    public byte[]? Header(string name)
    {
        for (var i = Headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Headers[i].Key, name, StringComparison.Ordinal))
            {
                return Headers[i].Value;
            }
        }

        return null;
    }

    /// <summary>The record of a consumed message (its bytes are the client's copy, now the receiver's).</summary>
    internal static KafkaRecord From(Confluent.Kafka.ConsumeResult<byte[]?, byte[]> result) => new(
        result.Topic,
        result.Partition.Value,
        result.Offset.Value,
        result.Message.Key,
        result.Message.Value ?? [],
        result.Message.Timestamp.Type == Confluent.Kafka.TimestampType.NotAvailable
            ? DateTimeOffset.UnixEpoch
            : DateTimeOffset.FromUnixTimeMilliseconds(result.Message.Timestamp.UnixTimestampMs))
    {
        Headers = result.Message.Headers is { Count: > 0 } headers
            ? [.. headers.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes()))]
            : [],
    };
}
