namespace CallMetrics.Streaming.Elements;

/// <summary>
/// A source was assigned, went idle, resumed or was revoked. In band: it applies after every record before it and
/// before every record after it, so a source never idles ahead of its own records.
/// </summary>
/// <param name="source">The source number.</param>
/// <param name="change">What happened.</param>
internal sealed class SourceChanged(int source, SourceChange change) : StreamElement
{
    /// <summary>The source number.</summary>
    public int Source { get; } = source;

    /// <summary>What happened.</summary>
    public SourceChange Change { get; } = change;
}
