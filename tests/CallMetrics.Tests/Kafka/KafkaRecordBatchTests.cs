using CallMetrics.Kafka;

using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaRecordBatchTests
{
    [Fact]
    public void NextOffsets_AreOnePastTheLastRecordOfEachPartition()
    {
        KafkaRecordBatch batch = new(
        [
            Record("a", 0, 10),
            Record("a", 1, 5),
            Record("a", 0, 11),
            Record("b", 0, 7),
            Record("a", 1, 6),
        ]);

        batch.NextOffsets().Should().BeEquivalentTo(
        [
            new TopicPartitionOffset("a", 0, 12),
            new TopicPartitionOffset("a", 1, 7),
            new TopicPartitionOffset("b", 0, 8),
        ]);
    }

    [Fact]
    public void NextOffsets_OfAnEmptyBatch_IsEmpty()
    {
        new KafkaRecordBatch([]).NextOffsets().Should().BeEmpty();
    }

    private static KafkaRecord Record(string topic, int partition, long offset) =>
        new(topic, partition, offset, null, [], DateTimeOffset.UnixEpoch);
}
