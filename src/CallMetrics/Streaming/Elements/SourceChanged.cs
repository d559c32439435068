namespace CallMetrics.Streaming.Elements;

/// <summary>
/// A source was assigned, went idle, resumed or was revoked. In band: it applies after every record before it and
/// before every record after it, so a source never idles ahead of its own records.
/// </summary>
/// <param name="source">The source number.</param>
/// <param name="change">What happened.</param>
/// <param name="rank">
/// With <see cref="SourceChange.Registered"/> from the source port, the source's stable rank (for a Kafka partition,
/// <see cref="Kafka.KafkaSources.RankOf"/>), which orders its events among equal times from other sources; none keeps
/// the rank the engine has (or its source number).
/// </param>
internal sealed class SourceChanged(int source, SourceChange change, long? rank = null) : StreamElement
{
    /// <summary>The source number.</summary>
    public int Source { get; } = source;

    /// <summary>What happened.</summary>
    public SourceChange Change { get; } = change;

    /// <summary>The source's stable rank, when the port gave one.</summary>
    public long? Rank { get; } = rank;
}
