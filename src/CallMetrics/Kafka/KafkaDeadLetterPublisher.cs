using System.Globalization;
using System.Text;

using Confluent.Kafka;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Kafka;

/// <summary>
/// Produces rejected input to <see cref="KafkaOptions.DeadLetterTopic"/>: value = the raw input, key =
/// the original key, and <see cref="DeadLetterHeaders"/> saying why and where from. Each letter is first cut to fit the
/// topic (<see cref="DeadLetter.CutToFit"/>): a letter the broker refused would stop the service.
/// </summary>
/// <remarks>
/// <see cref="PublishAsync"/> completes once the brokers have the dead letter (<c>acks=all</c>, idempotent),
/// so the pipeline may then store the source offset: a rejected message is never both uncommitted-lost and
/// missing from the dead-letter topic. Thread-safe.
/// </remarks>
public sealed class KafkaDeadLetterPublisher : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly IProducer<byte[]?, byte[]> _producer;

    /// <summary>Creates the publisher's producer.</summary>
    public KafkaDeadLetterPublisher(KafkaOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        KafkaNative.EnsureLoaded();
        _options = options;
        ILogger log = logger ?? NullLogger.Instance;
        ProducerConfig config = KafkaClientConfigs.ForProducer(options, static c =>
        {
            c.EnableIdempotence = true;
            c.Acks = Acks.All;
            c.LingerMs = 5;
        });
        _producer = KafkaClientConfigs.BuildRedacted(options, () => new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(log, options, message))
            .SetErrorHandler((_, error) => KafkaLog.Error(log, options, error))
            .Build());
    }

    /// <summary>The topic dead letters go to.</summary>
    public string Topic => _options.DeadLetterTopic;

    /// <summary>Produces <paramref name="letter"/> and completes once it is durable in Kafka.</summary>
    /// <returns>Where the dead letter was written.</returns>
    /// <exception cref="KafkaException">The dead letter could not be delivered (text redacted).</exception>
    public async Task<TopicPartitionOffset> PublishAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        letter = letter.CutToFit();
        Message<byte[]?, byte[]> message = new()
        {
            Key = letter.Key?.ToArray(),
            Value = letter.Value.ToArray(),
            Headers = ToHeaders(letter),
        };
        try
        {
            DeliveryResult<byte[]?, byte[]> result = await _producer.ProduceAsync(Topic, message, cancellationToken).ConfigureAwait(false);
            return result.TopicPartitionOffset;
        }
        catch (ProduceException<byte[]?, byte[]> e)
        {
            throw new KafkaException(new Error(e.Error.Code, KafkaClientConfigs.Redact(_options, e.Error.Reason)));
        }
    }

    /// <summary>Waits until every dead letter in flight is delivered or failed (each <see cref="PublishAsync"/> task tells which).</summary>
    public void Flush(CancellationToken cancellationToken = default) => _producer.Flush(cancellationToken);

    /// <summary>Disposes the producer; dead letters still in flight fail.</summary>
    public void Dispose() => _producer.Dispose();

    private static Headers ToHeaders(DeadLetter letter)
    {
        Headers headers = [];
        Add(headers, DeadLetterHeaders.Reason, letter.Reason);
        Add(headers, DeadLetterHeaders.SourceTopic, letter.SourceTopic);
        Add(headers, DeadLetterHeaders.SourcePartition, letter.SourcePartition?.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.SourceOffset, letter.SourceOffset?.ToString(CultureInfo.InvariantCulture));
        Add(headers, DeadLetterHeaders.SourceFile, letter.SourceFile);
        Add(headers, DeadLetterHeaders.SourceLine, letter.SourceLine?.ToString(CultureInfo.InvariantCulture));
        return headers;
    }

    private static void Add(Headers headers, string name, string? value)
    {
        if (value is not null)
        {
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        }
    }
}
