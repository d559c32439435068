namespace CallMetrics.Core.Sessions;

/// <summary>Where one agent leg of a call is (METRICS.md "Segments").</summary>
public enum LegSegment : byte
{
    /// <summary>Connected, talking.</summary>
    Talk,

    /// <summary>Connected, caller on hold.</summary>
    Hold,

    /// <summary>Connection ended; after-call work.</summary>
    Wrap,

    /// <summary>Handled; the leg is finished.</summary>
    Done,
}
