namespace CallMetrics.Streaming.Elements;

/// <summary>
/// Where a record was read: an input source (a dense number: a Kafka partition, or 0 for a file) and its position in
/// it (the Kafka offset, or the 1-based line number). The ports translate their own types (topic and partition, file)
/// to and from it, so none of them crosses into the inner stages.
/// </summary>
/// <param name="Source">The source number; also the engine's source of the record's event.</param>
/// <param name="Offset">The offset or line number.</param>
internal readonly record struct SourcePosition(int Source, long Offset);
