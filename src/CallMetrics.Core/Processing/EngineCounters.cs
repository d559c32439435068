namespace CallMetrics.Core.Processing;

/// <summary>Counts of what the engine did with the events offered to it.</summary>
public sealed class EngineCounters
{
    /// <summary>Events accepted.</summary>
    public long Accepted { get; internal set; }

    /// <summary>Events ignored as duplicates.</summary>
    public long Duplicates { get; internal set; }

    /// <summary>Events rejected as late.</summary>
    public long Late { get; internal set; }

    /// <summary>Events rejected as too far ahead of event time (not kept in snapshots: a count for this process only).</summary>
    public long TooFarAhead { get; internal set; }

    /// <summary>Events rejected as more than the max future skew ahead of the clock (not kept in snapshots).</summary>
    public long Future { get; internal set; }

    /// <summary>Events rejected as more than the max event age behind the clock (not kept in snapshots).</summary>
    public long TooOld { get; internal set; }
}
