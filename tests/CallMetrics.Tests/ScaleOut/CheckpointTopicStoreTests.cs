using CallMetrics.Pipeline;
using CallMetrics.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>The checkpoint topic against the real (mock) broker: the last checkpoint of a partition wins.</summary>
[Collection(KafkaCollection.Name)]
public sealed class CheckpointTopicStoreTests(MockKafkaClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReadLast_returns_the_last_checkpoint_of_each_partition_and_none_for_a_partition_never_written()
    {
        var topic = fixture.CreateTopic("checkpoints", partitions: 4);
        using var store = new CheckpointTopicStore(KafkaTestOptions.For(fixture, "input"), topic, NullLogger.Instance);
        var sources = new Dictionary<TopicPartition, int> { [new TopicPartition("input", new Partition(0))] = 0 };

        await store.WriteAsync(2, new PartitionCheckpoint(10, sources, [1]), CancellationToken.None);
        await store.WriteAsync(2, new PartitionCheckpoint(20, sources, [2]), CancellationToken.None);
        await store.WriteAsync(3, new PartitionCheckpoint(5, sources, [3]), CancellationToken.None);
        var last = store.ReadLast([1, 2, 3], Timeout);

        last.Keys.Should().BeEquivalentTo([2, 3]);
        last[2].NextOffset.Should().Be(20);
        last[2].Snapshot.Should().Equal(2);
        last[3].NextOffset.Should().Be(5);
    }

    [Fact]
    public async Task ReadLast_can_be_called_again_after_more_checkpoints()
    {
        var topic = fixture.CreateTopic("checkpoints", partitions: 2);
        using var store = new CheckpointTopicStore(KafkaTestOptions.For(fixture, "input"), topic, NullLogger.Instance);
        await store.WriteAsync(0, new PartitionCheckpoint(1, new Dictionary<TopicPartition, int>(), [1]), CancellationToken.None);
        store.ReadLast([0], Timeout)[0].NextOffset.Should().Be(1);

        await store.WriteAsync(0, new PartitionCheckpoint(2, new Dictionary<TopicPartition, int>(), [2]), CancellationToken.None);

        store.ReadLast([0], Timeout)[0].NextOffset.Should().Be(2);
    }

    [Fact]
    public async Task WriteAsync_of_a_state_larger_than_a_message_fails_and_leaves_the_last_checkpoint_in_force()
    {
        var topic = fixture.CreateTopic("checkpoints", partitions: 1);
        using var store = new CheckpointTopicStore(KafkaTestOptions.For(fixture, "input"), topic, NullLogger.Instance);
        await store.WriteAsync(0, new PartitionCheckpoint(7, new Dictionary<TopicPartition, int>(), [1]), CancellationToken.None);

        var tooLarge = () => store.WriteAsync(0, new PartitionCheckpoint(8, new Dictionary<TopicPartition, int>(), new byte[2_000_000]), CancellationToken.None);

        await tooLarge.Should().ThrowAsync<KafkaException>();
        store.ReadLast([0], Timeout)[0].NextOffset.Should().Be(7);
    }

    [Fact]
    public async Task A_checkpoint_round_that_fails_unexpectedly_is_counted_and_the_next_round_is_still_written()
    {
        var topic = fixture.CreateTopic("checkpoints", partitions: 1);
        using var store = new CheckpointTopicStore(KafkaTestOptions.For(fixture, "input"), topic, NullLogger.Instance);
        var statistics = new PipelineStatistics();
        var checkpoints = new TopicCheckpoints(store, new CallMetrics.Kafka.KafkaSources(), "by-tenant", consumer: null, statistics, NullLogger.Instance);
        var first = new CallMetrics.Streaming.Elements.CheckpointBarrier(1, new Dictionary<int, long> { [0] = 10 }, isFinal: false);
        var final = new CallMetrics.Streaming.Elements.CheckpointBarrier(2, new Dictionary<int, long> { [0] = 20 }, isFinal: true);

        // The first round's engine numbering names a source the graph never had: not a Kafka error, a bug.
        checkpoints.Complete(first, [new CallMetrics.Streaming.Elements.ShardSnapshot(first, 0, [1], new Dictionary<int, int> { [42] = 0 })]);
        checkpoints.Complete(final, [new CallMetrics.Streaming.Elements.ShardSnapshot(final, 0, [2])]);
        await checkpoints.Final.WaitAsync(Timeout);

        statistics.CheckpointFailures.Should().Be(1);
        checkpoints.Count.Should().Be(1);
        var last = store.ReadLast([0], Timeout)[0];
        last.NextOffset.Should().Be(20);
        last.Snapshot.Should().Equal(2);
    }

    [Fact]
    public void LowWatermarks_of_an_empty_partition_is_its_first_offset()
    {
        var topic = fixture.CreateTopic("by-tenant", partitions: 2);
        using var store = new CheckpointTopicStore(KafkaTestOptions.For(fixture, "input"), fixture.CreateTopic("checkpoints", 2), NullLogger.Instance);

        store.LowWatermarks(topic, [0, 1], Timeout).Should().BeEquivalentTo(new Dictionary<int, long> { [0] = 0, [1] = 0 });
    }
}
