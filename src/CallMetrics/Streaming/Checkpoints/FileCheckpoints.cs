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
/// <remarks>
/// A checkpoint file that cannot be written (disk full, permission denied, the path taken by something else) is an
/// operational failure, never a silent one: it is logged as an error naming the file and the reason, and counted
/// (<see cref="PipelineStatistics.CheckpointFailures"/>); the previous checkpoint stays in force and nothing is
/// committed. A single failure may pass (the next checkpoint supersedes it); <see cref="FailuresInARowBeforeStop"/> in
/// a row throw, which ends the graph so that the service exits non-zero and its orchestrator restarts it from the last
/// checkpoint written. A final checkpoint that cannot be written faults <see cref="Final"/> (a stop that re-reads).
/// </remarks>
/// <param name="directory">Where the checkpoint file is kept; null: none is written (restart from the beginning).</param>
/// <param name="sources">The numbering of partitions (offsets and the numbering go into the file by partition).</param>
/// <param name="consumer">Where offsets are stored and committed; none: not committed.</param>
/// <param name="statistics">Counts the checkpoints that could not be written.</param>
/// <param name="logger">Logger.</param>
internal sealed class FileCheckpoints(string? directory, KafkaSources sources, KafkaEventSource? consumer, PipelineStatistics statistics, ILogger logger)
{
    /// <summary>
    /// Checkpoints in a row that may fail before the service stops: a passing fault (a disk briefly full) costs a
    /// checkpoint interval of re-reading after a crash; a lasting one stops the service within this many intervals.
    /// </summary>
    public const int FailuresInARowBeforeStop = 3;

    private readonly TaskCompletionSource _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failuresInARow;

    /// <summary>Checkpoints written.</summary>
    public long Count { get; private set; }

    /// <summary>Completes once the final barrier's checkpoint is written (a graceful stop); faults when it could not be.</summary>
    public Task Final => _final.Task;

    /// <summary>An aligned barrier (called by one thread at a time): writes its checkpoint and commits its offsets.</summary>
    /// <exception cref="IOException">The checkpoint file could not be written <see cref="FailuresInARowBeforeStop"/> times in a row.</exception>
    public void Complete(CheckpointBarrier barrier, byte[][] snapshots)
    {
        if (directory is null)
        {
            Ended(barrier, failure: null);
            return;
        }

        var offsets = sources.ToPartitions(barrier.NextOffsets);
        var translators = barrier.TranslatorStates.ToDictionary(kv => sources.PartitionOf(kv.Key), kv => kv.Value);
        try
        {
            new CheckpointFile(offsets, sources.Snapshot(), snapshots, translators).Write(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var path = CheckpointFile.PathIn(directory);
            _failuresInARow++;
            statistics.AddCheckpointFailure();
            PipelineLog.CheckpointFailed(logger, path, exception.Message, _failuresInARow, FailuresInARowBeforeStop);
            var failure = new IOException($"the checkpoint {path} could not be written ({_failuresInARow} time(s) in a row): {exception.Message}");
            Ended(barrier, failure);
            if (_failuresInARow >= FailuresInARowBeforeStop)
            {
                throw failure;
            }

            return;
        }

        _failuresInARow = 0;
        Count++;
        try
        {
            if (consumer is not null)
            {
                Commit(consumer, offsets);
            }
        }
        finally
        {
            Ended(barrier, failure: null);
        }
    }

    private void Ended(CheckpointBarrier barrier, Exception? failure)
    {
        if (!barrier.IsFinal)
        {
            return;
        }

        if (failure is null)
        {
            _final.TrySetResult();
        }
        else
        {
            _final.TrySetException(failure);
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
