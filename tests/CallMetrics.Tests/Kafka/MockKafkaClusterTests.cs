using CallMetrics.Kafka;

using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class MockKafkaClusterTests(MockKafkaClusterFixture fixture)
{
    [Fact]
    public void BootstrapServers_ListsOneLoopbackListenerPerBroker()
    {
        string[] listeners = fixture.BootstrapServers.Split(',');

        listeners.Should().HaveCount(3).And.OnlyContain(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateTopic_MetadataShowsTheRequestedPartitionCount()
    {
        string topic = fixture.CreateTopic("metadata", partitions: 7);
        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();

        Metadata metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));

        metadata.Topics.Should().ContainSingle().Which.Partitions.Should().HaveCount(7);
    }

    [Fact]
    public async Task AProducedMessageIsConsumedBack()
    {
        string topic = fixture.CreateTopic("smoke", partitions: 1);
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(
            new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        DeliveryResult<byte[], byte[]> delivered = await producer.ProduceAsync(
            topic, new Message<byte[], byte[]> { Key = "k"u8.ToArray(), Value = "hello"u8.ToArray() });

        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(
            new ConsumerConfig { BootstrapServers = fixture.BootstrapServers, GroupId = "smoke" }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        ConsumeResult<byte[], byte[]>? result = consumer.Consume(TimeSpan.FromSeconds(10));

        delivered.Offset.Value.Should().Be(0);
        result.Should().NotBeNull();
        result!.Message.Value.Should().Equal("hello"u8.ToArray());
        consumer.Close();
    }

    [Fact]
    public async Task SetBrokerDown_HoldsDeliveryUntilSetBrokerUp()
    {
        using MockKafkaCluster cluster = new(brokerCount: 1);
        cluster.CreateTopic("faults", 1);
        using IProducer<Null, string> producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            ReconnectBackoffMs = 50,
            ReconnectBackoffMaxMs = 200,
        }).SetLogHandler(static (_, _) => { }).Build(); // the outage is expected: keep its warnings out of the test output
        await producer.ProduceAsync("faults", new Message<Null, string> { Value = "before" });

        cluster.SetBrokerDown(1);
        Task<DeliveryResult<Null, string>> during = producer.ProduceAsync("faults", new Message<Null, string> { Value = "during" });
        Task first = await Task.WhenAny(during, Task.Delay(TimeSpan.FromSeconds(1)));
        cluster.SetBrokerUp(1);
        // librdkafka reconnects with backoff and may need a metadata refresh first: give it time, the point is eventual delivery.
        DeliveryResult<Null, string> delivered = await during.WaitAsync(TimeSpan.FromSeconds(90));

        first.Should().NotBeSameAs(during, "a down broker cannot acknowledge");
        delivered.Offset.Value.Should().Be(1);
    }

    [Fact]
    public void Dispose_ThenCreateTopic_Throws()
    {
        MockKafkaCluster cluster = new();
        cluster.Dispose();

        Action create = () => cluster.CreateTopic("late", 1);

        create.Should().Throw<ObjectDisposedException>();
    }
}
