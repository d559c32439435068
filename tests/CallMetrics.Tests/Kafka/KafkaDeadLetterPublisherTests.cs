using System.Text;

using CallMetrics.Kafka;

using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

[Collection(KafkaCollection.Name)]
public sealed class KafkaDeadLetterPublisherTests(MockKafkaClusterFixture fixture)
{
    [Fact]
    public async Task PublishAsync_KafkaInput_KeepsKeyAndValueAndNamesTheSource()
    {
        string topic = fixture.CreateTopic("input", partitions: 4);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        fixture.Cluster.CreateTopic(options.DeadLetterTopic, 1);
        KafkaRecord rejected = new(topic, 3, 1234, "call-42"u8.ToArray(), "{not json"u8.ToArray(), DateTimeOffset.UnixEpoch);
        using KafkaDeadLetterPublisher publisher = new(options);

        TopicPartitionOffset written = await publisher.PublishAsync(DeadLetter.FromRecord(rejected, "invalid JSON at byte 1"));
        ConsumeResult<byte[], byte[]> letter = ReadBack(options.DeadLetterTopic, written);

        letter.Message.Key.Should().Equal(rejected.Key);
        letter.Message.Value.Should().Equal(rejected.Value);
        Headers(letter).Should().Equal(new Dictionary<string, string>
        {
            [DeadLetterHeaders.Reason] = "invalid JSON at byte 1",
            [DeadLetterHeaders.SourceTopic] = topic,
            [DeadLetterHeaders.SourcePartition] = "3",
            [DeadLetterHeaders.SourceOffset] = "1234",
        });
    }

    [Fact]
    public async Task PublishAsync_KafkaInputWithoutKey_PublishesNoKey()
    {
        string topic = fixture.CreateTopic("keyless-input", partitions: 1);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        fixture.Cluster.CreateTopic(options.DeadLetterTopic, 1);
        KafkaRecord rejected = new(topic, 0, 7, null, "{not json"u8.ToArray(), DateTimeOffset.UnixEpoch);
        using KafkaDeadLetterPublisher publisher = new(options);
        DeadLetter deadLetter = DeadLetter.FromRecord(rejected, "invalid JSON at byte 1");
        deadLetter.Key.HasValue.Should().BeFalse();

        TopicPartitionOffset written = await publisher.PublishAsync(deadLetter);
        ConsumeResult<byte[], byte[]> letter = ReadBack(options.DeadLetterTopic, written);

        letter.Message.Key.Should().BeNull("a record without a key gives a dead letter without one, not an empty key");
        letter.Message.Value.Should().Equal(rejected.Value);
    }

    [Fact]
    public async Task PublishAsync_FileInput_NamesTheFileAndLine()
    {
        string topic = fixture.CreateTopic("file-input", partitions: 1);
        KafkaOptions options = KafkaTestOptions.For(fixture, topic);
        fixture.Cluster.CreateTopic(options.DeadLetterTopic, 1);
        using KafkaDeadLetterPublisher publisher = new(options);

        TopicPartitionOffset written = await publisher.PublishAsync(
            DeadLetter.FromFileLine("samples/day.jsonl", 17, "garbage"u8.ToArray(), "unknown event type 'x'"));
        ConsumeResult<byte[], byte[]> letter = ReadBack(options.DeadLetterTopic, written);

        letter.Message.Key.Should().BeNull();
        letter.Message.Value.Should().Equal("garbage"u8.ToArray());
        Headers(letter).Should().Equal(new Dictionary<string, string>
        {
            [DeadLetterHeaders.Reason] = "unknown event type 'x'",
            [DeadLetterHeaders.SourceFile] = "samples/day.jsonl",
            [DeadLetterHeaders.SourceLine] = "17",
        });
    }

    private ConsumeResult<byte[], byte[]> ReadBack(string topic, TopicPartitionOffset written)
    {
        written.Topic.Should().Be(topic);
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = MockKafkaClusterFixture.NewGroupId("dead-letter-reader"),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(written);
        ConsumeResult<byte[], byte[]>? result = consumer.Consume(TimeSpan.FromSeconds(10));
        result.Should().NotBeNull("the dead letter was acknowledged, so it can be read back");
        result!.Offset.Should().Be(written.Offset);
        return result;
    }

    private static Dictionary<string, string> Headers(ConsumeResult<byte[], byte[]> result) =>
        result.Message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));
}
