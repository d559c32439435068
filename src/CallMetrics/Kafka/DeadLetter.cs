namespace CallMetrics.Kafka;

/// <summary>Rejected input on its way to the dead-letter topic: the raw bytes, the reason, and where they came from.</summary>
public sealed record DeadLetter
{
    /// <summary>The input exactly as it was read; it becomes the dead letter's value.</summary>
    public required ReadOnlyMemory<byte> Value { get; init; }

    /// <summary>The original message key, or null (file input, or a message without key).</summary>
    public ReadOnlyMemory<byte>? Key { get; init; }

    /// <summary>Why the input was rejected.</summary>
    public required string Reason { get; init; }

    /// <summary>For Kafka input: the topic it was read from.</summary>
    public string? SourceTopic { get; init; }

    /// <summary>For Kafka input: the partition it was read from.</summary>
    public int? SourcePartition { get; init; }

    /// <summary>For Kafka input: its offset.</summary>
    public long? SourceOffset { get; init; }

    /// <summary>For file input: the file's path.</summary>
    public string? SourceFile { get; init; }

    /// <summary>For file input: the 1-based line number.</summary>
    public long? SourceLine { get; init; }

    /// <summary>A dead letter for a consumed Kafka message.</summary>
    public static DeadLetter FromRecord(in KafkaRecord record, string reason) => new()
    {
        Value = record.Value,
        Key = record.Key,
        Reason = reason,
        SourceTopic = record.Topic,
        SourcePartition = record.Partition,
        SourceOffset = record.Offset,
    };

    /// <summary>A dead letter for line <paramref name="line"/> (1-based) of <paramref name="file"/>.</summary>
    public static DeadLetter FromFileLine(string file, long line, ReadOnlyMemory<byte> raw, string reason) => new()
    {
        Value = raw,
        Reason = reason,
        SourceFile = file,
        SourceLine = line,
    };
}
