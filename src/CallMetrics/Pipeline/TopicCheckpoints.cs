using CallMetrics.Kafka;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Pipeline;

/// <summary>
/// Scaled mode's checkpoints (docs/OPERATIONS.md "Scaling out"): once a barrier is aligned (every shard's output before
/// it durable), each repartition partition k this instance owned at the barrier gets its own checkpoint (shard k's
/// engine snapshot, k's next offset, the engine's numbering of origins) on partition k of the checkpoint topic, so that
/// whichever instance is given k next resumes it; then the offsets are committed (they only show progress: an assigned
/// partition always starts at its checkpoint). Checkpoints are written one barrier after the other.
/// </summary>
/// <param name="store">The checkpoint topic.</param>
/// <param name="sources">The graph's numbering of partitions (the origins).</param>
/// <param name="repartitionTopic">The repartition topic.</param>
/// <param name="consumer">The aggregator's consumer (offsets committed); none: not committed.</param>
/// <param name="statistics">Counts the partition checkpoints that could not be written.</param>
/// <param name="logger">Logger.</param>
internal sealed class TopicCheckpoints(CheckpointTopicStore store, KafkaSources sources, string repartitionTopic, KafkaEventSource? consumer, PipelineStatistics statistics, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _writing = Task.CompletedTask;

    /// <summary>Checkpoint rounds written.</summary>
    public long Count { get; private set; }

    /// <summary>Completes once the final barrier's checkpoints are written (a graceful stop).</summary>
    public Task Final => _final.Task;

    /// <summary>An aligned barrier (any thread): its checkpoints are written after those of earlier barriers.</summary>
    public void Complete(CheckpointBarrier barrier, ShardSnapshot[] snapshots)
    {
        lock (_gate)
        {
            _writing = WriteAfterAsync(_writing, barrier, snapshots);
        }
    }

    private async Task WriteAfterAsync(Task previous, CheckpointBarrier barrier, ShardSnapshot[] snapshots)
    {
        // Rounds are chained for their order only: a round that failed must not fail every later one.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            var written = new Dictionary<TopicPartition, long>();
            foreach (var (k, next) in barrier.NextOffsets)
            {
                var snapshot = snapshots[k];
                var numbering = (snapshot.Sources ?? new Dictionary<int, int>()).ToDictionary(kv => sources.PartitionOf(kv.Key), kv => kv.Value);
                try
                {
                    await store.WriteAsync(k, new PartitionCheckpoint(next, numbering, snapshot.State), CancellationToken.None).ConfigureAwait(false);
                    written[new TopicPartition(repartitionTopic, new Partition(k))] = next;
                }
                catch (KafkaException exception)
                {
                    // Not fatal: the partition's previous checkpoint stays valid (its next owner re-reads more), and the
                    // next round tries again. A state larger than the topic's message size fails every time.
                    statistics.AddCheckpointFailure();
                    PipelineLog.PartitionCheckpointFailed(logger, store.Topic, k, snapshot.State.Length, exception.Error.Reason);
                }
            }

            Count++;
            if (consumer is not null && written.Count > 0)
            {
                Commit(consumer, written);
            }
        }
#pragma warning disable CA1031 // Logged and counted: the previous checkpoints stay in force and the next round tries again.
        catch (Exception exception) when (exception is not KafkaException)
#pragma warning restore CA1031
        {
            statistics.AddCheckpointFailure();
            PipelineLog.CheckpointRoundFailed(logger, store.Topic, barrier.Id, exception);
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
        // Only partitions this member still owns (a final checkpoint may be written after the member left the group).
        var owned = consumer.Assignment.ToHashSet();
        var stored = offsets.Where(kv => owned.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))).ToList();
        if (stored.Count == 0)
        {
            PipelineLog.Committed(logger, "none (checkpointed: " + string.Join(", ", offsets.Select(o => $"{o.Key.Topic}[{o.Key.Partition.Value}]@{o.Value}")) + ")");
            return;
        }

        consumer.StoreOffsets(stored);
        try
        {
            consumer.Commit();
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException or InvalidOperationException)
        {
            PipelineLog.CommitFailed(logger, exception is KafkaException kafka ? kafka.Error.Reason : exception.Message);
            return;
        }

        PipelineLog.Committed(logger, string.Join(", ", offsets.Select(o => $"{o.Key.Topic}[{o.Key.Partition.Value}]@{o.Value}")));
    }
}
