using CallMetrics.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Pipeline;

/// <summary>
/// Scaled mode's checkpointer: the same barrier as single mode, but each assigned repartition
/// partition k gets its own checkpoint (engine snapshot of shard k, the next offset of k, the shard's source
/// numbering) on partition k of the checkpoint topic, so whichever instance is given k next can resume it.
/// </summary>
internal sealed class PartitionCheckpointer(EventPipeline pipeline, KafkaEventSource source, CheckpointTopicStore store, TimeSpan interval, TimeProvider time, ILogger logger)
{
    /// <summary>Checkpoint rounds completed.</summary>
    public long Count { get; private set; }

    /// <summary>Takes a checkpoint every interval until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var capture = await pipeline.Decode.RequestCheckpointAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

                // Waits as long as the sink is down: no checkpoint past unwritten output.
                var snapshots = await Task.WhenAll(capture.ShardSnapshots).WaitAsync(cancellationToken).ConfigureAwait(false);
                var written = new Dictionary<TopicPartition, long>();
                foreach (var (partition, offset) in capture.NextOffsets)
                {
                    var k = partition.Partition.Value;
                    try
                    {
                        await store.WriteAsync(k, new PartitionCheckpoint(offset, capture.ShardSources![k], snapshots[k]), cancellationToken).ConfigureAwait(false);
                        written[partition] = offset;
                    }
                    catch (KafkaException exception)
                    {
                        // Not fatal: the partition's previous checkpoint stays valid (its next owner re-reads more),
                        // and the next round tries again. A state larger than the topic's message size fails every time.
                        PipelineLog.PartitionCheckpointFailed(logger, store.Topic, k, snapshots[k].Length, exception.Error.Reason);
                    }
                }

                Count++;
                CommitProgress(written);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The group's offsets only show progress: an assigned partition always starts at its checkpoint.
    private void CommitProgress(IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        source.StoreOffsets(offsets.Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))));
        try
        {
            source.Commit();
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException or InvalidOperationException)
        {
            PipelineLog.CommitFailed(logger, exception is KafkaException kafka ? kafka.Error.Reason : exception.Message);
            return;
        }

        PipelineLog.Committed(logger, string.Join(", ", offsets.Select(o => $"{o.Key.Topic}[{o.Key.Partition.Value}]@{o.Value}")));
    }
}
