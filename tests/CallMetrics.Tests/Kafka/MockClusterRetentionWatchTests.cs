using CallMetrics.Kafka;

using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class MockClusterRetentionWatchTests(MockKafkaClusterFixture fixture)
{
    [Fact]
    public async Task CheckAsync_ReportsNothingWhileThePartitionHoldsEverything()
    {
        string topic = fixture.CreateTopic("retention-kept", partitions: 1);
        using MockClusterRetentionWatch watch = new(fixture.BootstrapServers);

        Fill(fixture.BootstrapServers, topic, megabytes: 1);
        IReadOnlyList<DroppedRecords> dropped = await watch.CheckAsync();

        dropped.Should().NotContain(d => d.Topic == topic);
    }

    [Fact]
    public async Task CheckAsync_ReportsAPartitionOnceWhenItsOldestRecordsAreDropped()
    {
        string topic = fixture.CreateTopic("retention-dropped", partitions: 2);
        using MockClusterRetentionWatch watch = new(fixture.BootstrapServers);

        // More than the 5 MB a partition keeps, all into partition 1.
        Fill(fixture.BootstrapServers, topic, megabytes: 7, partition: 1);
        IReadOnlyList<DroppedRecords> first = await watch.CheckAsync();
        IReadOnlyList<DroppedRecords> second = await watch.CheckAsync();

        DroppedRecords report = first.Should().ContainSingle(d => d.Topic == topic).Which;
        report.Partition.Should().Be(1);
        report.LogStartOffset.Should().BeGreaterThan(0);
        second.Should().NotContain(d => d.Topic == topic, "a partition is reported again only when it drops more");
    }

    /// <summary>Produces <paramref name="megabytes"/> MB of 10 kB records to one partition and waits for them all.</summary>
    internal static void Fill(string bootstrapServers, string topic, int megabytes, int partition = 0)
    {
        using IProducer<Null, byte[]> producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        byte[] value = new byte[10_000];
        TopicPartition target = new(topic, partition);
        for (int i = 0; i < megabytes * 100; i++)
        {
            producer.Produce(target, new Message<Null, byte[]> { Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(60)).Should().Be(0, "every record should be delivered");
    }
}
