namespace CallMetrics.Streaming.Elements;

/// <summary>
/// An engine shard reached a barrier: its engine's state at that point. It follows the shard's output before the
/// barrier, so once the sink has made that output durable the snapshot may be written to a checkpoint.
/// </summary>
/// <param name="barrier">The barrier.</param>
/// <param name="shard">The shard.</param>
/// <param name="state">The engine snapshot.</param>
/// <param name="sources">The engine's numbering of sources (graph source to engine source) when it is not the graph's own.</param>
internal sealed class ShardSnapshot(CheckpointBarrier barrier, int shard, byte[] state, IReadOnlyDictionary<int, int>? sources = null) : StreamElement
{
    /// <summary>The barrier the snapshot belongs to.</summary>
    public CheckpointBarrier Barrier { get; } = barrier;

    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;

    /// <summary>The engine snapshot.</summary>
    public byte[] State { get; } = state;

    /// <summary>The engine's numbering of sources (graph source to engine source), or null when it is the graph's own.</summary>
    public IReadOnlyDictionary<int, int>? Sources { get; } = sources;
}
