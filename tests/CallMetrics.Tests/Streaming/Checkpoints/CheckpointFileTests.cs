using CallMetrics.Streaming.Checkpoints;
using Confluent.Kafka;

namespace CallMetrics.Tests.Streaming.Checkpoints;

public sealed class CheckpointFileTests
{
    [Fact]
    public void A_written_checkpoint_reads_back_with_its_translator_states_by_partition()
    {
        var directory = Directory.CreateTempSubdirectory("callmetrics-checkpoint-").FullName;
        try
        {
            var queueLog = new TopicPartition("queue_log", new Partition(2));
            var events = new TopicPartition("events", new Partition(0));
            new CheckpointFile(
                new Dictionary<TopicPartition, long> { [queueLog] = 41, [events] = 7 },
                new Dictionary<TopicPartition, int> { [queueLog] = 0, [events] = 1 },
                [[1, 2, 3]],
                new Dictionary<TopicPartition, byte[]> { [queueLog] = [9, 8, 7, 6] }).Write(directory);

            var read = CheckpointFile.TryRead(directory)!;

            read.NextOffsets.Should().BeEquivalentTo(new Dictionary<TopicPartition, long> { [queueLog] = 41, [events] = 7 });
            read.ShardSnapshots.Should().ContainSingle().Which.Should().Equal(1, 2, 3);
            read.TranslatorStates.Should().ContainSingle();
            read.TranslatorStates[queueLog].Should().Equal(9, 8, 7, 6);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
