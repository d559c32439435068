namespace CallMetrics.Streaming.Elements;

/// <summary>
/// A checkpoint barrier (as Flink's): everything before it is covered by the checkpoint, nothing after it. Each engine
/// shard snapshots its engine when the barrier reaches it; the checkpoint is complete once every shard's output before
/// it is durable in the sink. The last one of a stopping stream is <see cref="IsFinal"/>.
/// </summary>
/// <param name="id">The checkpoint's number.</param>
/// <param name="nextOffsets">Per source, the offset after the last record before the barrier.</param>
/// <param name="isFinal">The last barrier, sent when the input stops.</param>
internal sealed class CheckpointBarrier(long id, IReadOnlyDictionary<int, long> nextOffsets, bool isFinal) : StreamElement
{
    /// <summary>The checkpoint's number.</summary>
    public long Id { get; } = id;

    /// <summary>Per source, the offset after the last record before the barrier (where a restart resumes).</summary>
    public IReadOnlyDictionary<int, long> NextOffsets { get; } = nextOffsets;

    /// <summary>The last barrier, sent when the input stops.</summary>
    public bool IsFinal { get; } = isFinal;
}
