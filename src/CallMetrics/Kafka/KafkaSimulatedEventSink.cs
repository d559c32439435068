using CallMetrics.Simulation;

namespace CallMetrics.Kafka;

/// <summary>
/// Sends simulated events to a Kafka topic, keyed as EVENTS.md says (<c>call_id</c> for call events,
/// <c>agent_id</c> for agent events). The producer waits instead of dropping when its queue is full.
/// </summary>
public sealed class KafkaSimulatedEventSink(KafkaEventProducer producer, string topic) : ISimulatedEventSink
{
    /// <summary>Events handed to the producer.</summary>
    public long Written { get; private set; }

    /// <inheritdoc/>
    public void Write(in SimulatedEvent simulatedEvent)
    {
        producer.Produce(topic, System.Text.Encoding.UTF8.GetBytes(simulatedEvent.Key), simulatedEvent.Json);
        Written++;
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var failed = producer.Flush(cancellationToken);
        return failed == 0 ? Task.CompletedTask
            : Task.FromException(new InvalidOperationException($"{failed} simulated events could not be delivered to Kafka topic '{topic}'"));
    }
}
