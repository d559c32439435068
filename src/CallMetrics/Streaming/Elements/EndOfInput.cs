namespace CallMetrics.Streaming.Elements;

/// <summary>
/// The input is finished (replay): translators release what they hold back, engines apply everything buffered and
/// write their last windows, sinks flush. The last element of a finite stream.
/// </summary>
/// <param name="lines">Lines (or records) the source read, blank ones included; the position of what is released at the end.</param>
internal sealed class EndOfInput(long lines) : StreamElement
{
    /// <summary>Lines (or records) the source read.</summary>
    public long Lines { get; } = lines;
}
