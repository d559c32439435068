using Confluent.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>
/// A checkpoint in flight: the offsets consumed up to a barrier, the partition-to-source numbering, and
/// one task per shard that completes with the shard's engine snapshot once every line the shard produced
/// before the barrier is durable in the sink.
/// </summary>
internal sealed record CheckpointCapture(
    IReadOnlyDictionary<TopicPartition, long> NextOffsets,
    IReadOnlyDictionary<TopicPartition, int> Sources,
    IReadOnlyList<Task<byte[]>> ShardSnapshots)
{
    /// <summary>Scaled mode: each shard's numbering of origin partitions as engine sources (null in single mode).</summary>
    public IReadOnlyList<IReadOnlyDictionary<TopicPartition, int>>? ShardSources { get; init; }
}
