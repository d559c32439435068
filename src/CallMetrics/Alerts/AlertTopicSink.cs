using System.Text;
using CallMetrics.Kafka;

namespace CallMetrics.Alerts;

/// <summary>
/// Produces each change to <see cref="AlertOptions.Topic"/>: value = METRICS.md's JSON object, key =
/// <see cref="AlertChange.Key"/> (rule id and tags), so the changes of one alert stay in order on one partition and
/// a compacted topic keeps each alert's latest state. Fire-and-forget through <see cref="KafkaEventProducer"/>:
/// deliveries are counted in the background, never awaited on the publisher's thread.
/// </summary>
internal sealed class AlertTopicSink(KafkaEventProducer producer, string topic) : IAlertSink, IDisposable
{
    private static readonly TimeSpan FlushPatience = TimeSpan.FromSeconds(5);
    private int _disposed;

    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>Changes the brokers acknowledged.</summary>
    public long Delivered => producer.DeliveredCount;

    /// <summary>Changes that could not be delivered.</summary>
    public long Failed => producer.FailedCount;

    /// <inheritdoc />
    public void Accept(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        producer.Produce(Topic, Encoding.UTF8.GetBytes(change.Key), AlertJson.Serialize(change));
    }

    /// <summary>Gives the changes in flight a few seconds, then closes the producer.</summary>
    /// <remarks>Idempotent: the container disposes it once for each service type it is registered as.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var patience = new CancellationTokenSource(FlushPatience);
        try
        {
            producer.Flush(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // The brokers are unreachable: what is still in flight is lost, as the producer's counts tell.
        }

        producer.Dispose();
    }
}
