using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// Consecutive messages handed downstream together by <see cref="KafkaEventSource"/>, in the order they
/// were consumed (per partition, in offset order).
/// </summary>
public sealed class KafkaRecordBatch
{
    private readonly List<KafkaRecord> _records;
    private List<TopicPartitionOffset>? _nextOffsets;

    internal KafkaRecordBatch(List<KafkaRecord> records)
    {
        _records = records;
    }

    /// <summary>The messages.</summary>
    public IReadOnlyList<KafkaRecord> Records => _records;

    /// <summary>How many messages the batch holds.</summary>
    public int Count => _records.Count;

    /// <summary>
    /// For each partition in the batch, the offset to store once the whole batch is durable downstream:
    /// one past its last message (Kafka commits the next offset to read). Pass it to
    /// <see cref="KafkaEventSource.StoreOffsets"/>.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> NextOffsets()
    {
        if (_nextOffsets is null)
        {
            Dictionary<TopicPartition, long> last = [];
            foreach (KafkaRecord record in _records)
            {
                TopicPartition partition = new(record.Topic, record.Partition);
                if (!last.TryGetValue(partition, out long offset) || record.Offset > offset)
                {
                    last[partition] = record.Offset;
                }
            }

            _nextOffsets = [.. last.Select(p => new TopicPartitionOffset(p.Key, p.Value + 1))];
        }

        return _nextOffsets;
    }
}
