using CallMetrics.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>Dead letters to the configured Kafka topic, with reason and source position as headers.</summary>
internal sealed class KafkaDeadLetters(KafkaDeadLetterPublisher publisher) : IDeadLetterDestination
{
    public Task SendAsync(KafkaRecord record, string reason, CancellationToken cancellationToken) =>
        publisher.PublishAsync(DeadLetter.FromRecord(record, reason), cancellationToken);
}
