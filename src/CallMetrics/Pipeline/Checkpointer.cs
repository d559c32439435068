using CallMetrics.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Pipeline;

/// <summary>
/// Takes checkpoints of a running pipeline and commits Kafka offsets only behind them:
/// barrier through the graph → each shard's engine snapshot, released once the lines it produced up to
/// the barrier are durable in the sink → checkpoint file written atomically → offsets stored and committed.
/// A restart restores the snapshots and resumes at the checkpoint's offsets, so the final series equal an
/// uninterrupted run: windows written after the checkpoint are written again with the same values
/// (InfluxDB overwrites a point with the same measurement, tags and timestamp).
/// </summary>
internal sealed class Checkpointer(EventPipeline pipeline, KafkaEventSource source, string directory, TimeSpan interval, TimeProvider time, ILogger logger)
{
    /// <summary>Checkpoints written.</summary>
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

                // Waits as long as the sink is down: no checkpoint, no commit, past unwritten data.
                var snapshots = await Task.WhenAll(capture.ShardSnapshots).WaitAsync(cancellationToken).ConfigureAwait(false);
                Commit(new CheckpointFile(capture.NextOffsets, capture.Sources, snapshots));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The last checkpoint, after the graph has drained and the sink has flushed (graceful stop).</summary>
    public void CommitFinal()
    {
        var snapshots = pipeline.Shards.Select(s => s.Snapshot()).ToList();
        Commit(new CheckpointFile(
            new Dictionary<TopicPartition, long>(pipeline.Decode.NextOffsets),
            new Dictionary<TopicPartition, int>(pipeline.Decode.Sources),
            snapshots));
    }

    private void Commit(CheckpointFile checkpoint)
    {
        checkpoint.Write(directory);
        Count++;
        var offsets = checkpoint.NextOffsets.Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))).ToList();
        source.StoreOffsets(offsets);
        try
        {
            source.Commit();
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException or InvalidOperationException)
        {
            // The checkpoint file is what a restart resumes from; the group's offsets only show progress.
            PipelineLog.CommitFailed(logger, exception is KafkaException kafka ? kafka.Error.Reason : exception.Message);
            return;
        }

        PipelineLog.Committed(logger, string.Join(", ", offsets.Select(o => $"{o.Topic}[{o.Partition.Value}]@{o.Offset.Value}")));
    }
}
