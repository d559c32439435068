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
    /// <summary>
    /// The largest dead-letter value sent: a rejected record may be larger than the dead-letter topic accepts (a
    /// too-large record is exactly that), and a letter the broker refuses would stop the service. Larger values are
    /// cut to their start, and the reason says so; the position headers still say where the whole record is.
    /// </summary>
    public const int MaxValueBytes = 512 * 1024;

    /// <summary>Publishes a dead-letter batch; completes once every letter is durable.</summary>
    public async Task<StreamElement> SendAsync(StreamElement element)
    {
        if (element is DeadLetterBatch batch)
        {
            var sending = Task.WhenAll(batch.Letters.Select(letter =>
            {
                var partition = sources.PartitionOf(letter.Position.Source);
                var cut = letter.Value.Length > MaxValueBytes;
                return publisher.PublishAsync(new DeadLetter
                {
                    Value = cut ? letter.Value.AsMemory(0, MaxValueBytes) : letter.Value,
                    Key = letter.Key,
                    Reason = cut ? $"{letter.Reason} (value cut to its first {MaxValueBytes} of {letter.Value.Length} bytes)" : letter.Reason,
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
