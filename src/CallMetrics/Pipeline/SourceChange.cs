namespace CallMetrics.Pipeline;

/// <summary>A change in the set of Kafka partitions an engine reads.</summary>
internal enum SourceChange
{
    /// <summary>The partition was assigned: hold the watermark until it delivers or idles.</summary>
    Registered,

    /// <summary>The partition delivered nothing for a while.</summary>
    Idle,

    /// <summary>The partition was revoked.</summary>
    Removed,
}
