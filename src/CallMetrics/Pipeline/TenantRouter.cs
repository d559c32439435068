using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Kafka;
using Confluent.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>
/// The router role of scaled mode: re-keys the input by tenant. Each decodable record goes, as the same
/// bytes, to partition <c>hash(tenant) % P</c> of the repartition topic with the tenant as key and its
/// origin (topic, partition, offset) in headers; undecodable ones are dead-lettered as in single mode.
/// After each batch, a progress marker per origin partition goes to every repartition partition, so that
/// every aggregator shard sees every origin advance, including origins that carry none of its tenants.
/// </summary>
/// <remarks>
/// At-least-once: the input offsets are stored only once everything produced for the batch is
/// acknowledged (<see cref="RouteAsync"/> returns the offsets to store). A router that dies between the
/// two makes its successor route some records again; the aggregator drops the copies by <c>event_id</c>.
/// Records of one origin partition reach a repartition partition in their origin order (one producer,
/// idempotent, so retries do not reorder), which is what the per-source watermark needs.
/// </remarks>
internal sealed class TenantRouter
{
    private readonly KafkaEventProducer _producer;
    private readonly IDeadLetterDestination _deadLetters;
    private readonly string _topic;
    private readonly int _partitions;
    private readonly EventDecoder _decoder = new(new SymbolTable());
    private readonly Dictionary<int, (int Partition, byte[] Key)> _routes = [];
    private readonly Dictionary<TopicPartition, long> _originMax = [];

    public TenantRouter(KafkaEventProducer producer, IDeadLetterDestination deadLetters, string repartitionTopic, int partitions)
    {
        _producer = producer;
        _deadLetters = deadLetters;
        _topic = repartitionTopic;
        _partitions = partitions;
    }

    /// <summary>Records routed so far.</summary>
    public long Routed { get; private set; }

    /// <summary>Records dead-lettered so far.</summary>
    public long DeadLettered { get; private set; }

    /// <summary>The repartition partition of a tenant: the same stable hash as the shards of single mode.</summary>
    public static int PartitionOf(string tenant, int partitions) => Streaming.Stages.ShardRouter.ShardOf(tenant, partitions);

    /// <summary>Routes a batch and waits until the brokers have all of it; returns the input offsets that may then be stored.</summary>
    /// <exception cref="KafkaException">A routed record or marker could not be delivered.</exception>
    public async Task<IReadOnlyList<TopicPartitionOffset>> RouteAsync(KafkaRecordBatch batch, CancellationToken cancellationToken)
    {
        var last = new Dictionary<TopicPartition, long>();
        foreach (var record in batch.Records)
        {
            var origin = new TopicPartition(record.Topic, new Partition(record.Partition));
            last[origin] = record.Offset;
            var result = record.Value.Length > Files.LineChunkReader.MaxLineBytes
                ? DecodeResult.Reject(RejectReason.TooLarge, $"message is larger than {Files.LineChunkReader.MaxLineBytes} bytes")
                : _decoder.Decode(record.Value, out _);
            if (!result.IsOk)
            {
                DeadLettered++;
                await _deadLetters.SendAsync(record, result.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            _decoder.Decode(record.Value, out var e);
            if (!_routes.TryGetValue(e.Tenant, out var route))
            {
                var tenant = _decoder.Symbols[e.Tenant];
                route = (PartitionOf(tenant, _partitions), System.Text.Encoding.UTF8.GetBytes(tenant));
                _routes[e.Tenant] = route;
            }

            _originMax[origin] = _originMax.TryGetValue(origin, out var max) ? Math.Max(max, e.Timestamp) : e.Timestamp;
            _producer.Produce(
                new TopicPartition(_topic, new Partition(route.Partition)),
                route.Key,
                record.Value,
                RepartitionHeaders.ForEvent(record.Topic, record.Partition, record.Offset));
            Routed++;
        }

        // Markers after the events, on the same producer: every shard sees the origin reach this time only
        // after the events before it (METRICS: the watermark may not pass an event still to come).
        foreach (var (origin, offset) in last)
        {
            if (!_originMax.TryGetValue(origin, out var reached))
            {
                continue;
            }

            var headers = RepartitionHeaders.ForProgress(origin.Topic, origin.Partition.Value, offset, reached);
            for (var k = 0; k < _partitions; k++)
            {
                _producer.Produce(new TopicPartition(_topic, new Partition(k)), null, [], headers);
            }
        }

        await Task.Run(() => _producer.Flush(cancellationToken), cancellationToken).ConfigureAwait(false);
        _producer.ThrowIfAnyFailed();
        return batch.NextOffsets();
    }
}
