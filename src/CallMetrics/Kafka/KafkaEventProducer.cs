using Confluent.Kafka;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Kafka;

/// <summary>
/// A high-throughput producer of raw key/value bytes (the simulator and the tests): fire-and-forget
/// <see cref="Produce(string, byte[], byte[])"/> with batching and idempotence, delivery reports counted in the background, and
/// <see cref="Flush"/> to wait for every delivery.
/// </summary>
/// <remarks>Thread-safe: several threads may call <c>Produce</c> at once.</remarks>
public sealed class KafkaEventProducer : IDisposable
{
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan FlushSlice = TimeSpan.FromMilliseconds(200);

    private readonly KafkaOptions _options;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly Action<DeliveryReport<byte[]?, byte[]>> _onDelivery;
    private long _delivered;
    private long _failed;
    private Error? _firstError;

    /// <summary>
    /// Creates the producer: <c>linger.ms</c> 5, up to 10 000 messages a request, idempotence on
    /// (<c>acks=all</c>, no duplicates or reordering on retries); <see cref="KafkaOptions.Properties"/> may
    /// override the tuning.
    /// </summary>
    public KafkaEventProducer(KafkaOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        KafkaNative.EnsureLoaded();
        _options = options;
        ILogger log = logger ?? NullLogger.Instance;
        ProducerConfig config = KafkaClientConfigs.ForProducer(options, static c =>
        {
            c.LingerMs = 5;
            c.BatchNumMessages = 10_000;
            c.QueueBufferingMaxMessages = 1_000_000;
            c.EnableIdempotence = true;
            c.Acks = Acks.All;
        });
        _producer = KafkaClientConfigs.BuildRedacted(options, () => new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(log, options, message))
            .SetErrorHandler((_, error) => KafkaLog.Error(log, options, error))
            .Build());
        _onDelivery = OnDelivery;
    }

    /// <summary>Messages the brokers acknowledged so far.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Messages that could not be delivered so far.</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>
    /// Queues a message for <paramref name="topic"/> (partition chosen from the key; round-robin without one).
    /// Waits while the local queue is full instead of failing.
    /// </summary>
    public void Produce(string topic, byte[]? key, byte[] value) =>
        Produce(new TopicPartition(topic, Partition.Any), key, value);

    /// <summary>Queues a message for a given partition; see <see cref="Produce(string, byte[], byte[])"/>.</summary>
    public void Produce(TopicPartition partition, byte[]? key, byte[] value) => Produce(partition, key, value, null);

    /// <summary>
    /// Queues a message with headers for a given partition (<see cref="Partition.Any"/>: chosen from the key);
    /// see <see cref="Produce(string, byte[], byte[])"/>. Messages to one partition keep the order of the calls.
    /// </summary>
    public void Produce(TopicPartition partition, byte[]? key, byte[] value, IEnumerable<KeyValuePair<string, byte[]>>? headers)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(value);
        Message<byte[]?, byte[]> message = new() { Key = key, Value = value };
        if (headers is not null)
        {
            message.Headers = [];
            foreach (KeyValuePair<string, byte[]> header in headers)
            {
                message.Headers.Add(header.Key, header.Value);
            }
        }

        while (true)
        {
            try
            {
                _producer.Produce(partition, message, _onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure from the local queue: the background poll thread drains delivery reports.
                Thread.Sleep(QueueFullBackoff);
            }
        }
    }

    /// <summary>Waits until every queued message is delivered or failed.</summary>
    /// <returns>The number of messages that failed so far (0 when everything is in Kafka).</returns>
    public long Flush(CancellationToken cancellationToken = default)
    {
        while (_producer.Flush(FlushSlice) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return FailedCount;
    }

    /// <summary>Throws <see cref="KafkaException"/> (text redacted) when any delivery failed; call after <see cref="Flush"/>.</summary>
    public void ThrowIfAnyFailed()
    {
        Error? error = Volatile.Read(ref _firstError);
        if (error is not null)
        {
            throw new KafkaException(new Error(error.Code, KafkaClientConfigs.Redact(_options, error.Reason)));
        }
    }

    /// <summary>Disposes the client; call <see cref="Flush"/> first, queued messages are otherwise lost.</summary>
    public void Dispose() => _producer.Dispose();

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstError, report.Error, null);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }
}
