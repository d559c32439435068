using System.Text;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Tests.Kafka;
using Confluent.Kafka;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>The router against the real (mock) broker: where each record goes, with what, and what is dead-lettered.</summary>
[Collection(KafkaCollection.Name)]
public sealed class TenantRouterTests(MockKafkaClusterFixture fixture)
{
    private const int Partitions = 4;

    [Fact]
    public async Task RouteAsync_sends_each_event_to_its_tenants_partition_keyed_by_tenant_with_its_origin_then_markers_everywhere()
    {
        var (router, repartition, _) = Setup();
        var lines = Scenario.Create().At("09:00").Login("a1", tenant: "acme").At("09:01").Login("b1", tenant: "globex").At("09:02").Logout("a1", tenant: "acme").Lines;
        var batch = new KafkaRecordBatch(
        [
            Input(1, 10, lines[0]),
            Input(2, 20, lines[1]),
            Input(1, 11, lines[2]),
        ]);

        var offsets = await router.RouteAsync(batch, CancellationToken.None);
        var routed = ReadAll(repartition);

        offsets.Should().BeEquivalentTo(batch.NextOffsets());
        var events = routed.Where(r => r.Message.Value.Length > 0).ToList();
        events.Select(r => (r.Partition.Value, Key: Encoding.UTF8.GetString(r.Message.Key), Value: Encoding.UTF8.GetString(r.Message.Value)))
            .Should().BeEquivalentTo(
            [
                (TenantRouter.PartitionOf("acme", Partitions), "acme", lines[0]),
                (TenantRouter.PartitionOf("globex", Partitions), "globex", lines[1]),
                (TenantRouter.PartitionOf("acme", Partitions), "acme", lines[2]),
            ]);
        var acme = events.Where(r => Encoding.UTF8.GetString(r.Message.Key) == "acme").Select(Origin).ToList();
        acme.Should().Equal(("input", 1, 10L, (long?)null), ("input", 1, 11L, null));

        var markers = routed.Where(r => r.Message.Value.Length == 0).ToList();
        markers.Should().HaveCount(2 * Partitions, "one marker per origin partition in the batch, on every repartition partition");
        markers.Select(Origin).Should().Contain(("input", 1, 11L, Scenario.Create().Nanos("09:02")));
        markers.Select(Origin).Should().Contain(("input", 2, 20L, Scenario.Create().Nanos("09:01")));
        foreach (var partition in routed.GroupBy(r => r.Partition.Value))
        {
            // On each partition the markers come after the events they cover.
            var lastEvent = partition.Where(r => r.Message.Value.Length > 0).Select(r => r.Offset.Value).DefaultIfEmpty(-1).Max();
            partition.Where(r => r.Message.Value.Length == 0).Should().OnlyContain(r => r.Offset.Value > lastEvent);
        }
    }

    [Fact]
    public async Task RouteAsync_dead_letters_what_cannot_be_decoded_and_routes_nothing_for_it()
    {
        var (router, repartition, deadLetters) = Setup();

        await router.RouteAsync(new KafkaRecordBatch([Input(0, 5, "{not json")]), CancellationToken.None);

        router.DeadLettered.Should().Be(1);
        deadLetters.Records.Should().ContainSingle().Which.Offset.Should().Be(5);
        ReadAll(repartition).Should().BeEmpty();
    }

    private (TenantRouter Router, string Repartition, CollectingDeadLetters DeadLetters) Setup()
    {
        var repartition = fixture.CreateTopic("by-tenant", Partitions);
        var producer = new KafkaEventProducer(KafkaTestOptions.For(fixture, "input"));
        var deadLetters = new CollectingDeadLetters();
        return (new TenantRouter(producer, deadLetters, repartition, Partitions), repartition, deadLetters);
    }

    private static KafkaRecord Input(int partition, long offset, string line) =>
        new("input", partition, offset, null, Encoding.UTF8.GetBytes(line), DateTimeOffset.UnixEpoch);

    private static (string Topic, int Partition, long Offset, long? Progress) Origin(ConsumeResult<byte[], byte[]> result)
    {
        var record = new KafkaRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value, DateTimeOffset.UnixEpoch)
        {
            Headers = [.. result.Message.Headers.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes()))],
        };
        RepartitionHeaders.TryReadOrigin(record, out var origin, out var offset, out var progress).Should().BeTrue();
        return (origin.Topic, origin.Partition.Value, offset, progress);
    }

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = MockKafkaClusterFixture.NewGroupId("read-back"),
            EnableAutoCommit = false,
        }).Build();
        var results = new List<ConsumeResult<byte[], byte[]>>();
        for (var k = 0; k < Partitions; k++)
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, new Partition(k)), TimeSpan.FromSeconds(10)).High.Value;
            if (high == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(topic, new Partition(k), Offset.Beginning));
            while (true)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"reading {topic}[{k}]");
                results.Add(result);
                if (result.Offset.Value == high - 1)
                {
                    break;
                }
            }
        }

        return results;
    }

    private sealed class CollectingDeadLetters : IDeadLetterDestination
    {
        public List<KafkaRecord> Records { get; } = [];

        public Task SendAsync(KafkaRecord record, string reason, CancellationToken cancellationToken)
        {
            Records.Add(record);
            return Task.CompletedTask;
        }
    }
}
