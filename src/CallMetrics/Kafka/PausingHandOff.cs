using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Kafka;

/// <summary>
/// Back-pressure of the consumer: hands a batch to the bounded channel, and while the channel stays full pauses the
/// assigned partitions and keeps polling without fetching, so the consumer neither reads ahead of downstream nor exceeds
/// <c>max.poll.interval.ms</c> and drops out of the group. Consumer thread only.
/// </summary>
/// <param name="output">The bounded channel.</param>
/// <param name="logger">Logs each pause.</param>
internal sealed class PausingHandOff(ChannelWriter<KafkaRecordBatch> output, ILogger logger)
{
    private static readonly TimeSpan PausedPoll = TimeSpan.FromMilliseconds(100);

    // How long a hand-off waits, blocked, for room downstream before pausing the partitions. Pausing
    // throws away librdkafka's prefetched messages and resuming fetches them again, so a momentarily
    // full channel should not pay for it; the wait is far below max.poll.interval.ms (default 5 min).
    private static readonly TimeSpan PauseAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Hands <paramref name="batch"/> downstream; false when the loop must stop (cancelled, or the channel completed).
    /// While paused, <paramref name="poll"/> serves rebalances and heartbeats, and gets records fetched before the
    /// pause took effect (kept, in order, for the next batch).
    /// </summary>
    public bool HandOff(IConsumer<byte[]?, byte[]> consumer, KafkaRecordBatch batch, Action poll, CancellationToken cancellationToken)
    {
        if (output.TryWrite(batch))
        {
            return true;
        }

        Task<bool> room = output.WaitToWriteAsync(cancellationToken).AsTask();
        Task.WaitAny([room], PauseAfter);
        if (room.IsCompletedSuccessfully && room.Result && output.TryWrite(batch))
        {
            return true;
        }

        _ = room.Exception; // observed: the paused loop below finds the same outcome

        KafkaLog.BackPressure(logger, batch.Count);
        consumer.Pause(consumer.Assignment);
        try
        {
            while (true)
            {
                Task<bool> writable = output.WaitToWriteAsync(cancellationToken).AsTask();
                while (!writable.IsCompleted)
                {
                    Task.WaitAny([writable], PausedPoll);
                    poll();

                    // A rebalance during the pause may have assigned partitions that are not paused yet.
                    consumer.Pause(consumer.Assignment);
                }

                if (!writable.IsCompletedSuccessfully || !writable.Result)
                {
                    // Cancelled, or the reader completed the channel (its error, if any, is the reader's to report).
                    _ = writable.Exception;
                    return false;
                }

                if (output.TryWrite(batch))
                {
                    return true;
                }
            }
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                consumer.Resume(consumer.Assignment);
            }
        }
    }
}
