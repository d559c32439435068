using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// The consumer's rebalance bookkeeping: the partitions it owns, and which of them handed at least one record
/// downstream since they were assigned (the consumer's position counts records still on their way, so it cannot tell
/// whether a partition the caller has not heard from yet is caught up). Thread-safe; the consumer thread writes.
/// </summary>
internal sealed class PartitionAssignment
{
    private readonly Lock _gate = new();
    private readonly HashSet<TopicPartition> _owned = [];
    private readonly HashSet<TopicPartition> _consumedFrom = [];

    // The partition of the previous record (consumer thread only): the sets are touched only when it changes.
    private string? _lastTopic;
    private int _lastPartition = -1;

    /// <summary>The partitions owned now (a snapshot).</summary>
    public IReadOnlyList<TopicPartition> Owned
    {
        get
        {
            lock (_gate)
            {
                return [.. _owned];
            }
        }
    }

    /// <summary>Partitions were assigned.</summary>
    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            _owned.UnionWith(partitions);
        }
    }

    /// <summary>Partitions were revoked or lost.</summary>
    public void Revoked(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            _owned.ExceptWith(partitions);
            _consumedFrom.ExceptWith(partitions);
        }

        _lastTopic = null;
        _lastPartition = -1;
    }

    /// <summary>The consumer closed: it owns nothing.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _owned.Clear();
            _consumedFrom.Clear();
        }
    }

    /// <summary>A record of <paramref name="result"/>'s partition was read (consumer thread; cheap when the partition did not change).</summary>
    public void Consumed(ConsumeResult<byte[]?, byte[]> result)
    {
        if (result.Partition.Value == _lastPartition && string.Equals(result.Topic, _lastTopic, StringComparison.Ordinal))
        {
            return;
        }

        _lastTopic = result.Topic;
        _lastPartition = result.Partition.Value;
        lock (_gate)
        {
            _consumedFrom.Add(result.TopicPartition);
        }
    }

    /// <summary>Whether a record of <paramref name="partition"/> was read since it was assigned.</summary>
    public bool HasConsumedFrom(TopicPartition partition)
    {
        lock (_gate)
        {
            return _consumedFrom.Contains(partition);
        }
    }
}
