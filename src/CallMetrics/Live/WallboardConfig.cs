namespace CallMetrics.Live;

/// <summary>What the wallboard page reads at <c>/api/v1/wallboard/config</c>: its bands and timings.</summary>
internal sealed record WallboardConfig(
    string Title,
    double OccupancyGreenFrom,
    double OccupancyAmberAbove,
    double OccupancyRedAbove,
    double ServiceLevelGreenFrom,
    double ServiceLevelAmberFrom,
    double StaleAfterSeconds,
    double StreamIntervalSeconds,
    double RotateEverySeconds)
{
    public static WallboardConfig From(WallboardOptions w, LiveOptions live) => new(
        w.Title,
        w.OccupancyGreenFrom,
        w.OccupancyAmberAbove,
        w.OccupancyRedAbove,
        w.ServiceLevelGreenFrom,
        w.ServiceLevelAmberFrom,
        w.StaleAfter.TotalSeconds,
        live.StreamInterval.TotalSeconds,
        w.RotateEvery.TotalSeconds);
}
