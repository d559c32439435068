using CallMetrics.Pipeline;
using Confluent.Kafka;

namespace CallMetrics.Tests.ScaleOut;

public sealed class PartitionCheckpointTests
{
    [Fact]
    public void A_checkpoint_reads_back_as_written()
    {
        var sources = new Dictionary<TopicPartition, int>
        {
            [new TopicPartition("call-events", new Partition(0))] = 0,
            [new TopicPartition("call-events", new Partition(1))] = 1,
        };
        var written = new PartitionCheckpoint(42, sources, [1, 2, 3]);

        var read = PartitionCheckpoint.FromBytes(written.ToBytes());

        read.NextOffset.Should().Be(42);
        read.Sources.Should().BeEquivalentTo(sources);
        read.Snapshot.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Bytes_that_are_not_a_checkpoint_are_refused()
    {
        var act = () => PartitionCheckpoint.FromBytes([1, 2, 3]);

        act.Should().Throw<InvalidDataException>();
    }
}
