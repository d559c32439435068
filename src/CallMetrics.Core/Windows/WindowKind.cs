namespace CallMetrics.Core.Windows;

/// <summary>The <c>kind</c> tag of METRICS.md.</summary>
public enum WindowKind : byte
{
    /// <summary>Fixed, non-overlapping intervals aligned to the Unix epoch; line timestamp = interval start.</summary>
    Interval,

    /// <summary>Trailing windows evaluated every step; line timestamp = evaluation instant.</summary>
    Rolling,
}
