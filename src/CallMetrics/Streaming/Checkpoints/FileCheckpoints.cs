using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Streaming.Checkpoints;

/// <summary>
/// Single mode's checkpoints (docs/OPERATIONS.md "The checkpoint, step by step"): once a barrier is aligned (every
/// shard's snapshot durable, so every line before it is written), the checkpoint file is written atomically, and only
/// then are the offsets stored and committed to the group. A restart restores the snapshots and resumes at the
/// file's offsets, so the final series equal an uninterrupted run.
/// </summary>
/// <param name="directory">Where the checkpoint file is kept; null: none is written (restart from the beginning).</param>
/// <param name="sources">The numbering of partitions (offsets and the numbering go into the file by partition).</param>
/// <param name="consumer">Where offsets are stored and committed; none: not committed.</param>
/// <param name="logger">Logger.</param>
internal sealed class FileCheckpoints(string? directory, KafkaSources sources, KafkaEventSource? consumer, ILogger logger)
{
    private readonly TaskCompletionSource _final = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Checkpoints written.</summary>
    public long Count { get; private set; }

    /// <summary>Completes once the final barrier's checkpoint is written (a graceful stop).</summary>
    public Task Final => _final.Task;

    /// <summary>An aligned barrier: writes its checkpoint and commits its offsets.</summary>
    public void Complete(CheckpointBarrier barrier, byte[][] snapshots)
    {
        try
        {
            if (directory is not null)
            {
                var offsets = sources.ToPartitions(barrier.NextOffsets);
                new CheckpointFile(offsets, sources.Snapshot(), snapshots).Write(directory);
                Count++;
                if (consumer is not null)
                {
                    Commit(consumer, offsets);
                }
            }
        }
        finally
        {
            if (barrier.IsFinal)
            {
                _final.TrySetResult();
            }
        }
    }

    private void Commit(KafkaEventSource consumer, Dictionary<TopicPartition, long> offsets)
    {
        // Only partitions this member owns: after a restart, until the group assigns them (seconds), storing the others
        // would fail one by one, a warning per partition per checkpoint. The checkpoint file holds them all anyway.
        var owned = consumer.Assignment.ToHashSet();
        consumer.StoreOffsets(offsets.Where(kv => owned.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))));
        try
        {
            consumer.Commit();
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException or InvalidOperationException)
        {
            // The checkpoint file is what a restart resumes from; the group's offsets only show progress.
            PipelineLog.CommitFailed(logger, exception is KafkaException kafka ? kafka.Error.Reason : exception.Message);
            return;
        }

        PipelineLog.Committed(logger, string.Join(", ", offsets.Select(o => $"{o.Key.Topic}[{o.Key.Partition.Value}]@{o.Value}")));
    }
}
