namespace CallMetrics.Streaming.Elements;

/// <summary>What a wall-clock tick asks of the engine shards.</summary>
internal enum TickKind
{
    /// <summary>Write the open windows early (provisional), every <c>Pipeline:ProvisionalInterval</c>.</summary>
    Provisional,

    /// <summary>Input paused after records: publish what was held back (the rate-limited live picture).</summary>
    Pause,
}

/// <summary>A wall-clock tick (Akka.Streams timers), in band with the records: the service's only notion of wall time in the graph.</summary>
/// <param name="kind">What it asks.</param>
internal sealed class Tick(TickKind kind) : StreamElement
{
    /// <summary>A provisional-write tick.</summary>
    public static readonly Tick Provisional = new(TickKind.Provisional);

    /// <summary>A pause tick.</summary>
    public static readonly Tick Pause = new(TickKind.Pause);

    /// <summary>What it asks.</summary>
    public TickKind Kind { get; } = kind;
}
