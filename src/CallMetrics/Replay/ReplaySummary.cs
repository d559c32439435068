namespace CallMetrics.Replay;

/// <summary>What one replay read, rejected and wrote.</summary>
internal sealed record ReplaySummary(
    long Lines,
    long Accepted,
    long Rejected,
    long Late,
    long Duplicates,
    long Anomalies,
    long LinesWritten);
