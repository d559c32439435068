using CallMetrics.Core.Events;

namespace CallMetrics.Pipeline;

/// <summary>
/// Sees every batch a shard applies, on the shard's own task, right after its engine (so it needs no
/// locks to read what it keeps). The live view uses it to follow events without waiting for the watermark.
/// </summary>
internal interface IShardObserver
{
    /// <summary>The events the shard's engine was just offered (in order), with their sources.</summary>
    /// <remarks>Also called with no events (an idle tick or a provisional write), so an observer can catch up.</remarks>
    void OnBatch(int shard, IReadOnlyList<CanonicalEvent> events, IReadOnlyList<int> sources);

    /// <summary>
    /// The source changes (partitions assigned, idle, revoked) the shard applied before the batch's events,
    /// so an observer with its own engine can keep the same watermark rules.
    /// </summary>
    void OnSourceChanges(int shard, IReadOnlyList<(int Source, SourceChange Change)> changes)
    {
    }
}
