using CallMetrics.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>Where rejected input goes (a Kafka topic in the service). Completes once the letter is durable.</summary>
internal interface IDeadLetterDestination
{
    /// <summary>Sends one rejected record with its reason.</summary>
    Task SendAsync(KafkaRecord record, string reason, CancellationToken cancellationToken);
}
