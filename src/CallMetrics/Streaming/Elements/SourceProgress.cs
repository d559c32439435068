namespace CallMetrics.Streaming.Elements;

/// <summary>
/// A source reached an event time, carried to every engine shard after the events it covers (with several shards, a
/// shard sees only its tenants' events, so it would otherwise advance a source only through those).
/// </summary>
/// <param name="source">The source.</param>
/// <param name="timestamp">The largest event time read from it so far (Unix ns).</param>
internal sealed class SourceProgress(int source, long timestamp) : StreamElement
{
    /// <summary>The source.</summary>
    public int Source { get; } = source;

    /// <summary>The largest event time read from it so far (Unix ns).</summary>
    public long Timestamp { get; } = timestamp;
}
