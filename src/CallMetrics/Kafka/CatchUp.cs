using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>Whether a partition has nothing more to read right now, asked of the broker (the "caught up" half of "idle").</summary>
internal static class CatchUp
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True when the next offset the caller will process (or, when it processed none, the consumer's position) has
    /// reached the partition's high watermark; false while anything is unknown.
    /// </summary>
    public static bool IsCaughtUp(IConsumer<byte[]?, byte[]> consumer, TopicPartition partition, long? nextOffset)
    {
        try
        {
            // Asked of the broker, not the consumer's cache: the cache is as old as the last fetch, and data produced
            // since would make a partition look caught up (and its events late). Only partitions quiet for the idle
            // timeout are asked, so this round trip is rare.
            var watermarks = consumer.QueryWatermarkOffsets(partition, QueryTimeout);
            if (watermarks.High == Offset.Unset)
            {
                return false;
            }

            // Nothing processed from it: where the consumer stands, or, before it has consumed anything, the
            // partition's first offset (an empty partition is caught up at once).
            var position = consumer.Position(partition);
            var next = nextOffset ?? (position.Value >= 0 ? position.Value : watermarks.Low.Value);
            return next >= 0 && next >= watermarks.High.Value;
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }
}
