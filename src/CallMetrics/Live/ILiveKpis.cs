namespace CallMetrics.Live;

/// <summary>
/// The resolution figures of the live picture that the live view does not compute itself: first-contact resolution
/// and repeat calls today (METRICS.md <c>fcr_metrics</c>, by queue and by team) and the p90 handle time beside AHT
/// (<c>handle_p90_s</c>, today and over the rolling window). <c>/api/v1/live</c> asks for each queue and team at every
/// answer, so an implementation returns what it already holds, without I/O.
/// </summary>
internal interface ILiveKpis
{
    /// <summary>The figures of queue <paramref name="queue"/> of <paramref name="tenant"/>; null when none are known.</summary>
    LiveKpis? Queue(string tenant, string queue);

    /// <summary>The figures of team <paramref name="team"/> of <paramref name="tenant"/>; null when none are known.</summary>
    LiveKpis? Team(string tenant, string team);
}
