using CallMetrics.Core.Events;
using CallMetrics.Kafka;

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

    /// <summary>When set, the shard writes its open windows early (provisional) after the events.</summary>
    public bool WriteProvisional { get; set; }

    /// <summary>
    /// A checkpoint barrier: after this batch the shard snapshots its engine and completes this with the
    /// snapshot once every line it produced up to here is durable in the sink; null when not asked.
    /// </summary>
    public TaskCompletionSource<byte[]>? Checkpoint { get; set; }

    public bool IsEmpty => Events.Count == 0 && SourceChanges.Count == 0 && !WriteProvisional && Checkpoint is null;

    public void Add(in CanonicalEvent e, int source, in KafkaRecord record)
    {
        Events.Add(e);
        Sources.Add(source);
        Records.Add(record);
    }
}
