using CallMetrics.Core.Decoding;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// The input topics as the graph's sources: each partition a numbered source (<see cref="KafkaSources"/>), its
/// assignment and revocation a <see cref="SourceChanged"/>, its records a <see cref="RecordBatch"/> at their offsets.
/// </summary>
/// <param name="sources">The numbering of partitions.</param>
internal sealed class PartitionInput(KafkaSources sources) : IKafkaInput
{
    /// <summary>The reason of a record too large to decode.</summary>
    public static readonly string TooLarge = $"{RejectReason.TooLarge.Code()}: message is larger than {Files.LineChunkReader.MaxLineBytes} bytes";

    /// <inheritdoc/>
    public void OnAssigned(IReadOnlyList<TopicPartition> partitions, Action<StreamElement> emit)
    {
        foreach (var partition in partitions)
        {
            emit(new SourceChanged(sources.SourceOf(partition.Topic, partition.Partition.Value), SourceChange.Registered));
        }
    }

    /// <inheritdoc/>
    public void OnRevoked(IReadOnlyList<TopicPartition> partitions, Action<StreamElement> emit)
    {
        foreach (var partition in partitions)
        {
            emit(new SourceChanged(sources.SourceOf(partition.Topic, partition.Partition.Value), SourceChange.Removed));
        }
    }

    /// <inheritdoc/>
    public void Passing(StreamElement change)
    {
    }

    /// <inheritdoc/>
    public void ToElements(KafkaRecordBatch batch, List<StreamElement> output)
    {
        var records = new RecordBatch(batch.Records.Sum(r => r.Value.Length + (r.Key?.Length ?? 0)) + 16, batch.Count);
        string? topic = null;
        var partition = -1;
        var source = -1;
        foreach (var record in batch.Records)
        {
            if (record.Partition != partition || !string.Equals(record.Topic, topic, StringComparison.Ordinal))
            {
                // Records come in runs of one partition (a fetch is per partition): one lookup per run.
                topic = record.Topic;
                partition = record.Partition;
                source = sources.SourceOf(topic, partition);
            }

            var position = new SourcePosition(source, record.Offset);
            if (record.Value.Length > Files.LineChunkReader.MaxLineBytes)
            {
                records.AddRejected(record.Value, position, TooLarge, record.Key, record.Key is not null);
            }
            else
            {
                records.Add(record.Value, position, record.Key, record.Key is not null);
            }
        }

        output.Add(records);
    }
}
