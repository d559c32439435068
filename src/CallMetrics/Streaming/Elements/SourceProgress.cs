namespace CallMetrics.Streaming.Elements;

/// <summary>
/// A source reached an event time, carried to every engine shard after the events it covers (with several shards, a
/// shard sees only its tenants' events, so it would otherwise advance a source only through those).
/// </summary>
/// <param name="source">The source.</param>
/// <param name="timestamp">The largest event time read from it so far (Unix ns).</param>
/// <param name="shard">The one shard it is for (scaled mode's progress markers), or null for every shard.</param>
internal sealed class SourceProgress(int source, long timestamp, int? shard = null) : StreamElement
{
    /// <summary>The source.</summary>
    public int Source { get; } = source;

    /// <summary>The largest event time read from it so far (Unix ns).</summary>
    public long Timestamp { get; } = timestamp;

    /// <summary>The one shard it is for, or null for every shard.</summary>
    public int? Shard { get; } = shard;
}
