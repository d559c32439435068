using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using Confluent.Kafka;

namespace CallMetrics.Tests.ScaleOut;

public sealed class RepartitionHeadersTests
{
    [Fact]
    public void An_event_record_carries_its_origin_and_no_progress()
    {
        var record = Record(RepartitionHeaders.ForEvent("call-events", 3, 1234));

        RepartitionHeaders.TryReadOrigin(record, out var origin, out var offset, out var progress).Should().BeTrue();

        origin.Should().Be(new TopicPartition("call-events", new Partition(3)));
        offset.Should().Be(1234);
        progress.Should().BeNull();
    }

    [Fact]
    public void A_progress_marker_carries_the_event_time_its_origin_reached()
    {
        var record = Record(RepartitionHeaders.ForProgress("call-events", 0, 7, 1_763_800_000_000_000_000));

        RepartitionHeaders.TryReadOrigin(record, out var origin, out _, out var progress).Should().BeTrue();

        origin.Partition.Value.Should().Be(0);
        progress.Should().Be(1_763_800_000_000_000_000);
    }

    [Fact]
    public void A_record_without_origin_headers_is_refused()
    {
        RepartitionHeaders.TryReadOrigin(Record([]), out _, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void The_partition_of_a_tenant_is_the_shard_the_graphs_router_gives_it_so_the_aggregator_routes_each_record_to_its_partitions_engine()
    {
        TenantRouter.PartitionOf("acme", 12).Should().Be(CallMetrics.Streaming.Stages.ShardRouter.ShardOf("acme", 12));
        Enumerable.Range(0, 50).Select(i => TenantRouter.PartitionOf($"tenant-{i}", 12)).Distinct().Count().Should().BeGreaterThan(6, "tenants spread over the partitions");
    }

    private static KafkaRecord Record(KeyValuePair<string, byte[]>[] headers) =>
        new("by-tenant", 0, 0, null, [], DateTimeOffset.UnixEpoch) { Headers = headers };
}
