using CallMetrics.Core.Processing;

namespace CallMetrics.Streaming.Elements;

/// <summary>
/// Scaled mode: one engine shard gets a new engine, in band with the records. An assignment brings the partition's
/// checkpointed state (or an empty engine) and where its input starts; a revocation an empty engine (the partition's
/// next owner resumes from its last checkpoint). Routed to its own shard only.
/// </summary>
/// <remarks>
/// The engine is built by <see cref="Stages.SymbolReleases"/> when the element passes it, in stream order: restoring
/// interns names, and from then on what the replaced engine forgets is no longer released.
/// </remarks>
/// <param name="shard">The shard (the repartition partition).</param>
/// <param name="startOffset">Where the partition's input starts (its checkpoint's next offset); -1 when revoked.</param>
/// <param name="sources">The engine's numbering of sources: graph source to engine source (a checkpoint's, or a new one).</param>
/// <param name="createEngine">Builds the engine around the window sink it is given, releasing forgotten call ids through the action given.</param>
internal sealed class ShardReplaced(int shard, long startOffset, IReadOnlyDictionary<int, int> sources, Func<Action<int>, MetricsEngine> createEngine) : StreamElement
{
    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;

    /// <summary>Whether the partition was assigned (false: revoked).</summary>
    public bool IsAssigned => StartOffset >= 0;

    /// <summary>Where the partition's input starts; -1 when revoked.</summary>
    public long StartOffset { get; } = startOffset;

    /// <summary>The engine's numbering of sources: graph source to engine source.</summary>
    public IReadOnlyDictionary<int, int> Sources { get; } = sources;

    /// <summary>The new engine, once SymbolReleases has built it.</summary>
    public MetricsEngine? Engine { get; private set; }

    /// <summary>Builds the engine, releasing the call ids it forgets through <paramref name="releaseSymbol"/>.</summary>
    public void Build(Action<int> releaseSymbol) => Engine = createEngine(releaseSymbol);
}
