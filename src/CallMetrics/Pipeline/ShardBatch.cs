using CallMetrics.Core.Events;
using CallMetrics.Kafka;

using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Pipeline;

/// <summary>
/// What the decode stage hands one engine shard: decoded events with their source number and the
/// record they came from (to dead-letter a late one), plus source changes, in order.
/// </summary>
internal sealed class ShardBatch
{
    public List<CanonicalEvent> Events { get; } = [];

    public List<int> Sources { get; } = [];

    public List<KafkaRecord> Records { get; } = [];

    /// <summary>Source changes to apply before the events: register (assigned), idle, active, remove (revoked).</summary>
    public List<(int Source, SourceChange Change)> SourceChanges { get; } = [];

    /// <summary>
    /// An idle tick: input paused after events were delivered. Observers publish what they hold back (the live
    /// picture is rate-limited, so the last events before a lull would otherwise wait for the next batch).
    /// </summary>
    public bool Tick { get; set; }

    /// <summary>When set, the shard writes its open windows early (provisional) after the events.</summary>
    public bool WriteProvisional { get; set; }

    /// <summary>
    /// A checkpoint barrier: after this batch the shard snapshots its engine and completes this with the
    /// snapshot once every line it produced up to here is durable in the sink; null when not asked.
    /// </summary>
    public TaskCompletionSource<byte[]>? Checkpoint { get; set; }

    /// <summary>
    /// Progress of sources (several shards, or scaled mode), each applied after the first <c>Position</c> events of the batch:
    /// the origin <c>Source</c> reached event time <c>Timestamp</c> (its events went to other shards).
    /// </summary>
    public List<(int Position, int Source, long Timestamp)> Progress { get; } = [];

    /// <summary>Scaled mode: an engine that replaces the shard's before anything else (restored on assignment, empty on revocation).</summary>
    public Core.Processing.MetricsEngine? ReplaceEngine { get; set; }

    /// <summary>Scaled mode: output formatted but not yet handed to the sink is dropped (it belonged to the replaced engine).</summary>
    public bool DiscardOutput { get; set; }

    public bool IsEmpty => Events.Count == 0 && SourceChanges.Count == 0 && Progress.Count == 0 && !WriteProvisional && !Tick && Checkpoint is null
        && ReplaceEngine is null && !DiscardOutput;

    /// <summary>Empties the batch for reuse; the lists keep their capacity.</summary>
    public void Reset()
    {
        Events.Clear();
        Sources.Clear();
        Records.Clear();
        SourceChanges.Clear();
        Progress.Clear();
        WriteProvisional = false;
        Tick = false;
        Checkpoint = null;
        ReplaceEngine = null;
        DiscardOutput = false;
    }

    public void Add(in CanonicalEvent e, int source, in KafkaRecord record)
    {
        Events.Add(e);
        Sources.Add(source);
        Records.Add(record);
    }
}
