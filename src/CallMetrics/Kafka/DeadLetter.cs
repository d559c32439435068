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

    /// <summary>
    /// The largest dead-letter value sent: a rejected record may be larger than the dead-letter topic accepts (a
    /// too-large record is exactly that), and a letter the broker refuses would stop the service.
    /// </summary>
    public const int MaxValueBytes = 512 * 1024;

    /// <summary>
    /// The largest dead-letter key sent, for the same reason: a record's key is copied from the input, which may be
    /// poison too. Value, key and headers together stay well under Kafka's default 1 MB message size.
    /// </summary>
    public const int MaxKeyBytes = 16 * 1024;

    /// <summary>
    /// The longest reason sent (characters; the header is UTF-8, at most 3 bytes each): a reason may carry text from
    /// elsewhere (the error InfluxDB gave for a refused line can echo the line).
    /// </summary>
    public const int MaxReasonChars = 4 * 1024;

    /// <summary>
    /// This letter cut to fit the dead-letter topic: a value longer than <see cref="MaxValueBytes"/> or a key longer
    /// than <see cref="MaxKeyBytes"/> is cut to its start, and the reason says which and how long it was; the position
    /// still says where the whole record is. The letter itself when nothing is too long.
    /// </summary>
    public DeadLetter CutToFit()
    {
        var cutValue = Value.Length > MaxValueBytes;
        var cutKey = Key is { Length: > MaxKeyBytes };
        var cutReason = Reason.Length > MaxReasonChars;
        if (!cutValue && !cutKey && !cutReason)
        {
            return this;
        }

        var reason = cutReason ? $"{Reason[..MaxReasonChars]}... (reason cut to its first {MaxReasonChars} of {Reason.Length} characters)" : Reason;
        if (cutValue)
        {
            reason += $" (value cut to its first {MaxValueBytes} of {Value.Length} bytes)";
        }

        if (cutKey)
        {
            reason += $" (key cut to its first {MaxKeyBytes} of {Key!.Value.Length} bytes)";
        }

        return this with
        {
            Value = cutValue ? Value[..MaxValueBytes] : Value,
            Key = cutKey ? Key!.Value[..MaxKeyBytes] : Key,
            Reason = reason,
        };
    }

    /// <summary>
    /// A record's key as a dead letter's: none stays none (an array converts to a memory implicitly, a null array to an
    /// empty memory, which would be published as an empty key; a bare <c>null</c> in a conditional takes that same
    /// conversion, hence the typed local).
    /// </summary>
    internal static ReadOnlyMemory<byte>? KeyOf(byte[]? key)
    {
        ReadOnlyMemory<byte>? none = default;
        return key is null ? none : new ReadOnlyMemory<byte>(key);
    }

    /// <summary>A dead letter for a consumed Kafka message.</summary>
    public static DeadLetter FromRecord(in KafkaRecord record, string reason) => new()
    {
        Value = record.Value,
        Key = KeyOf(record.Key),
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
