using CallMetrics.Streaming.Elements;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Kafka;

/// <summary>
/// The dead-letter side output of the service: each rejected record to the dead-letter topic, its reason and its
/// origin topic, partition and offset as headers. A batch's letters are sent together and awaited once: a burst of
/// late events must not crawl at one round trip each.
/// </summary>
internal sealed class KafkaDeadLetterSink(KafkaDeadLetterPublisher publisher, KafkaSources sources, ILogger logger)
{
    /// <summary>Publishes a dead-letter batch; completes once every letter is durable.</summary>
    public async Task<StreamElement> SendAsync(StreamElement element)
    {
        if (element is DeadLetterBatch batch)
        {
            var sending = Task.WhenAll(batch.Letters.Select(letter =>
            {
                var partition = sources.PartitionOf(letter.Position.Source);
                return publisher.PublishAsync(new DeadLetter
                {
                    Value = letter.Value,
                    Key = DeadLetter.KeyOf(letter.Key),
                    Reason = letter.Reason,
                    SourceTopic = partition.Topic,
                    SourcePartition = partition.Partition.Value,
                    SourceOffset = letter.Position.Offset,
                });
            }));
            try
            {
                await sending.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is KafkaException or InvalidOperationException or ObjectDisposedException)
            {
                // The graph ends behind this, and the service with it: a restart resumes from the last checkpoint.
                Pipeline.PipelineLog.DeadLetterFailed(logger, exception);
                throw;
            }
        }

        return element;
    }
}
