namespace CallMetrics.Streaming.Elements;

/// <summary>A change in the set of input sources (Kafka partitions) an engine reads.</summary>
internal enum SourceChange
{
    /// <summary>The source was assigned, or resumed after being idle: it holds the watermark until it delivers or idles.</summary>
    Registered,

    /// <summary>The source delivered nothing for a while and has nothing more to read: it stops holding the watermark.</summary>
    Idle,

    /// <summary>The source was revoked.</summary>
    Removed,
}
