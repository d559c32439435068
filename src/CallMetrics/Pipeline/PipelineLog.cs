using Microsoft.Extensions.Logging;

namespace CallMetrics.Pipeline;

/// <summary>Log messages of the pipeline (source-generated, no allocation when disabled).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Critical, Message = "A pipeline stage failed; the service stops")]
    public static partial void StageFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Pipeline started: {Shards} engine shard(s), topics {Topics}, sink {Sink}")]
    public static partial void Started(ILogger logger, int shards, string topics, string sink);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Progress: {Records} records, {Accepted} events accepted, {Rejected} dead-lettered ({Late} late), {Duplicates} duplicates, {Lines} lines written, watermark {Watermark}")]
    public static partial void Progress(ILogger logger, long records, long accepted, long rejected, long late, long duplicates, long lines, string watermark);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Committed offsets {Offsets}")]
    public static partial void Committed(ILogger logger, string offsets);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Committing offsets failed ({Reason}); the checkpoint file is written and a restart resumes from it")]
    public static partial void CommitFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Restored checkpoint from {Path}: resuming at {Offsets}")]
    public static partial void Restored(ILogger logger, string path, string offsets);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "No CallMetrics:Pipeline:StateDirectory: no checkpoints and no offset commits; a restart reads the topics from the beginning")]
    public static partial void NoStateDirectory(ILogger logger);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error,
        Message = "Writing the checkpoint of partition {Partition} to {Topic} ({Bytes} bytes of state) failed: {Reason}; the previous checkpoint stays in force")]
    public static partial void PartitionCheckpointFailed(ILogger logger, string topic, int partition, int bytes, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error,
        Message = "Checkpoint round {Barrier} to {Topic} failed; the previous checkpoints stay in force and the next round tries again")]
    public static partial void CheckpointRoundFailed(ILogger logger, string topic, long barrier, Exception exception);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error,
        Message = "Writing the checkpoint {Path} failed: {Reason}; the previous checkpoint stays in force ({Failures} of {Limit} failures in a row before the service stops)")]
    public static partial void CheckpointFailed(ILogger logger, string path, string reason, int failures, int limit);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Critical, Message = "A dead letter could not be published; the service stops")]
    public static partial void DeadLetterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Stopping: draining the graph, flushing the sink, committing")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Stopped cleanly")]
    public static partial void Stopped(ILogger logger);
}
