namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// What one timed run of a subject produced: its subset and, when the run had to wait for something outside the
/// measurement (a consumer group's join), the wall and CPU seconds of the part that processed the events.
/// </summary>
/// <param name="Subset">The subset computed.</param>
/// <param name="WallSeconds">The processing time, when not the whole run.</param>
/// <param name="CpuSeconds">The process's CPU time over that processing, when not the whole run.</param>
internal sealed record PeerRun(MetricsSubset Subset, double? WallSeconds = null, double? CpuSeconds = null);
