namespace CallMetrics.Live;

/// <summary>
/// The wallboard's colour bands and stale threshold (section <c>CallMetrics:Wallboard</c>), served to the
/// page at <c>/api/v1/wallboard/config</c>. Ratios are fractions. Occupancy: green from
/// <see cref="OccupancyGreenFrom"/> to <see cref="OccupancyAmberAbove"/>, amber above that, red above
/// <see cref="OccupancyRedAbove"/> (and amber below green: agents idle). Service level: green at or above
/// <see cref="ServiceLevelGreenFrom"/>, amber down to <see cref="ServiceLevelAmberFrom"/>, red below.
/// </summary>
public sealed class WallboardOptions
{
    /// <summary>Occupancy green band start: 0.60.</summary>
    public double OccupancyGreenFrom { get; set; } = 0.60;

    /// <summary>Occupancy amber above: 0.85.</summary>
    public double OccupancyAmberAbove { get; set; } = 0.85;

    /// <summary>Occupancy red above: 0.90.</summary>
    public double OccupancyRedAbove { get; set; } = 0.90;

    /// <summary>Service level green from: 0.80.</summary>
    public double ServiceLevelGreenFrom { get; set; } = 0.80;

    /// <summary>Service level amber from: 0.70 (red below).</summary>
    public double ServiceLevelAmberFrom { get; set; } = 0.70;

    /// <summary>"Stream stopped" after this long without new data.</summary>
    public TimeSpan StaleAfter { get; set; } = LiveDefaults.StaleAfter;

    /// <summary>Event time of rolling figures kept for the sparklines and served at <c>/api/v1/live/history</c>: 1 h.</summary>
    public TimeSpan HistorySpan { get; set; } = LiveDefaults.HistorySpan;

    /// <summary>A section with more tiles than fit on the screen shows its next page this often: 10 s.</summary>
    public TimeSpan RotateEvery { get; set; } = LiveDefaults.RotateEvery;

    /// <summary>Title shown on the page.</summary>
    public string Title { get; set; } = "CallMetrics wallboard";

    /// <summary>The problems, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(OccupancyGreenFrom <= OccupancyAmberAbove && OccupancyAmberAbove <= OccupancyRedAbove))
        {
            errors.Add($"{LiveDefaults.WallboardSectionName}: OccupancyGreenFrom <= OccupancyAmberAbove <= OccupancyRedAbove");
        }

        if (!(ServiceLevelAmberFrom <= ServiceLevelGreenFrom))
        {
            errors.Add($"{LiveDefaults.WallboardSectionName}: ServiceLevelAmberFrom <= ServiceLevelGreenFrom");
        }

        if (StaleAfter <= TimeSpan.Zero)
        {
            errors.Add($"{LiveDefaults.WallboardSectionName}:StaleAfter must be positive");
        }

        if (HistorySpan <= TimeSpan.Zero || HistorySpan > LiveDefaults.MaxHistorySpan)
        {
            errors.Add($"{LiveDefaults.WallboardSectionName}:HistorySpan must be positive and at most {LiveDefaults.MaxHistorySpan}");
        }

        if (RotateEvery < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{LiveDefaults.WallboardSectionName}:RotateEvery must be at least 1 s");
        }

        return errors;
    }
}
