using System.Collections.Concurrent;

namespace CallMetrics.Pipeline;

/// <summary>Counters of the running graph, safe to read from any thread (for logs, /metrics and /readyz).</summary>
public sealed class PipelineStatistics
{
    private long _recordsIn;
    private long _eventsAccepted;
    private long _duplicates;
    private long _late;
    private long _linesOut;
    private long _deadLettered;
    private long _checkpointFailures;
    private long _watermark = long.MinValue;
    private long _maxEventTime = long.MinValue;

    /// <summary>Rejections by reason code.</summary>
    public ConcurrentDictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Kafka records read.</summary>
    public long RecordsIn => Interlocked.Read(ref _recordsIn);

    /// <summary>Events accepted by the engines.</summary>
    public long EventsAccepted => Interlocked.Read(ref _eventsAccepted);

    /// <summary>Duplicates ignored.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Late events dead-lettered.</summary>
    public long Late => Interlocked.Read(ref _late);

    /// <summary>Line-protocol lines handed to the sink.</summary>
    public long LinesOut => Interlocked.Read(ref _linesOut);

    /// <summary>Messages sent to the dead-letter destination.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Checkpoints that could not be written (a file, or a partition's message on the checkpoint topic).</summary>
    public long CheckpointFailures => Interlocked.Read(ref _checkpointFailures);

    /// <summary>Smallest watermark over the shards that have one (Unix ns), or <see cref="long.MinValue"/>.</summary>
    public long Watermark => Interlocked.Read(ref _watermark);

    /// <summary>Largest event time accepted (Unix ns).</summary>
    public long MaxEventTime => Interlocked.Read(ref _maxEventTime);

    internal void AddRecords(long count) => Interlocked.Add(ref _recordsIn, count);

    internal void AddAccepted(long count) => Interlocked.Add(ref _eventsAccepted, count);

    internal void AddDuplicates(long count) => Interlocked.Add(ref _duplicates, count);

    internal void AddLate(long count) => Interlocked.Add(ref _late, count);

    internal void AddLines(long count) => Interlocked.Add(ref _linesOut, count);

    internal void AddDeadLettered(string reasonCode)
    {
        Interlocked.Increment(ref _deadLettered);
        RejectedByReason.AddOrUpdate(reasonCode, 1, (_, n) => n + 1);
    }

    internal void AddCheckpointFailure() => Interlocked.Increment(ref _checkpointFailures);

    internal void SetWatermark(long watermark) => Interlocked.Exchange(ref _watermark, watermark);

    internal void ObserveEventTime(long t)
    {
        var current = Interlocked.Read(ref _maxEventTime);
        while (t > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxEventTime, t, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
