using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Sees every batch an engine shard applies, on the shard's own thread, right after its engine (so it needs no
/// locks to read what it keeps). The live view uses it to follow events without waiting for the watermark.
/// </summary>
internal interface IShardObserver
{
    /// <summary>The events the shard's engine was just offered (in order), with their sources.</summary>
    /// <remarks>Also called with no events (a pause tick), so an observer can publish what it held back.</remarks>
    void OnBatch(int shard, IReadOnlyList<CanonicalEvent> events, IReadOnlyList<int> sources);

    /// <summary>
    /// The source changes (partitions assigned, idle, revoked) the shard applied, so an observer with its own engine
    /// can keep the same watermark rules.
    /// </summary>
    void OnSourceChanges(int shard, IReadOnlyList<(int Source, SourceChange Change)> changes)
    {
    }
}
