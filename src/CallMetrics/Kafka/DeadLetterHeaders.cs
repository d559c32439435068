namespace CallMetrics.Kafka;

/// <summary>The headers <see cref="KafkaDeadLetterPublisher"/> puts on a dead letter; values are UTF-8 text.</summary>
public static class DeadLetterHeaders
{
    /// <summary>Why the input was rejected (the decoder's reason).</summary>
    public const string Reason = "callmetrics.reason";

    /// <summary>The topic the input was read from (Kafka sources).</summary>
    public const string SourceTopic = "callmetrics.source.topic";

    /// <summary>The partition the input was read from, in decimal (Kafka sources).</summary>
    public const string SourcePartition = "callmetrics.source.partition";

    /// <summary>The offset of the input in its partition, in decimal (Kafka sources).</summary>
    public const string SourceOffset = "callmetrics.source.offset";

    /// <summary>The path of the file the input was read from (file sources).</summary>
    public const string SourceFile = "callmetrics.source.file";

    /// <summary>The 1-based line number of the input in its file, in decimal (file sources).</summary>
    public const string SourceLine = "callmetrics.source.line";
}
