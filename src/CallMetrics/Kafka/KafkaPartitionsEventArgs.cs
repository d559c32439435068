using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>The partitions a consumer group rebalance gave to, or took from, a <see cref="KafkaEventSource"/>.</summary>
public sealed class KafkaPartitionsEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public KafkaPartitionsEventArgs(IReadOnlyList<TopicPartition> partitions, bool isLost)
    {
        Partitions = partitions;
        IsLost = isLost;
    }

    /// <summary>The partitions assigned or revoked.</summary>
    public IReadOnlyList<TopicPartition> Partitions { get; }

    /// <summary>
    /// True when the partitions were lost rather than revoked (the session expired): another member may
    /// already own them, so committing their offsets is no longer possible.
    /// </summary>
    public bool IsLost { get; }
}
