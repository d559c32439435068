using Confluent.Kafka;

namespace CallMetrics.Kafka;

// The offsets side of the source: what the pipeline declares durable is stored, then committed.
public sealed partial class KafkaEventSource
{
    /// <summary>
    /// Marks <paramref name="offsets"/> (each the NEXT offset to read, i.e. last processed + 1) as safe to
    /// commit. Call only once the data before them is durable downstream. Thread-safe.
    /// </summary>
    /// <returns>How many offsets were stored; offsets of partitions no longer assigned are skipped.</returns>
    public int StoreOffsets(IEnumerable<TopicPartitionOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        int stored = 0;
        lock (_gate)
        {
            if (_consumer is null)
            {
                return 0;
            }

            foreach (TopicPartitionOffset offset in offsets)
            {
                try
                {
                    _consumer.StoreOffset(offset);
                    stored++;
                }
                catch (KafkaException e)
                {
                    // Expected after a revoke: the partition's new owner re-reads from the committed offset.
                    KafkaLog.OffsetNotStored(_logger, offset.TopicPartition, offset.Offset.Value, e.Error.Reason);
                }
            }
        }

        return stored;
    }

    /// <summary>
    /// Commits the stored offsets now (they are also committed every 5 s and on close). Blocks until the
    /// group coordinator answers; call it from a revoked handler, or use <see cref="CommitAsync"/>.
    /// </summary>
    /// <returns>The committed offsets; empty when nothing new was stored or the consumer is closed.</returns>
    /// <exception cref="KafkaException">The commit failed (for example a rebalance is in progress).</exception>
    public IReadOnlyList<TopicPartitionOffset> Commit()
    {
        lock (_gate)
        {
            if (_consumer is null)
            {
                return [];
            }

            try
            {
                // librdkafka lists every assigned partition; those without a stored offset have none to commit.
                return [.. _consumer.Commit().Where(o => o.Offset.Value >= 0)];
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_NoOffset)
            {
                // "No offset stored": everything stored was already committed (auto-commit got there first).
                return [];
            }
        }
    }

    /// <summary><see cref="Commit"/> off the caller's thread.</summary>
    public Task<IReadOnlyList<TopicPartitionOffset>> CommitAsync(CancellationToken cancellationToken = default) =>
        Task.Run(Commit, cancellationToken);
}
