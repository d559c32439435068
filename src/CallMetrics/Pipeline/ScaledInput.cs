using Confluent.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>
/// What the aggregator of scaled mode reads: the repartition topic (one engine shard per partition) and
/// the origin partitions of the input topics, every one of which is an engine source of every shard from
/// the start (so an origin whose router is being moved holds the watermark instead of its events turning late).
/// </summary>
internal sealed record ScaledInput(string RepartitionTopic, int Partitions, IReadOnlyList<TopicPartition> Origins);
