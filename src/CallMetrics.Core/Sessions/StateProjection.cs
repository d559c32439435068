using CallMetrics.Core.Output;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// The state series at a step instant t (METRICS.md "Live state and alerts"): <c>queue_state</c>, <c>team_state</c>
/// and <c>tenant_state</c> lines from the kept counters, for every key with a non-zero field or an event in
/// [t - rolling, t). Reads one counter cell per queue, team and tenant: no agent or call is visited.
/// </summary>
internal sealed class StateProjection
{
    private readonly QueueVisits _visits;
    private readonly AgentStateCounters _agents;
    private readonly SeriesTallies _tallies;
    private readonly long _rollingNs;

    /// <summary>Creates the projection of <paramref name="visits"/> and <paramref name="agents"/> for rolling windows <paramref name="rollingNs"/> long.</summary>
    public StateProjection(QueueVisits visits, AgentStateCounters agents, SeriesTallies tallies, long rollingNs)
    {
        _visits = visits;
        _agents = agents;
        _tallies = tallies;
        _rollingNs = rollingNs;
    }

    /// <summary>
    /// True when a line may be written at a step instant at or after <paramref name="t"/> (a visit is open or the last
    /// event, <paramref name="lastEvent"/>, is within the rolling length): the clock must not jump over it.
    /// </summary>
    public bool HasLines(long t, long lastEvent) => _visits.TotalWaiting > 0 || lastEvent >= t - _rollingNs;

    /// <summary>Adds the state lines at instant <paramref name="t"/> to <paramref name="result"/>.</summary>
    public void Project(long t, WindowResult result)
    {
        // METRICS: a line at t for a key with any non-zero field or with an event of that key in [t - rolling, t);
        // events at t are applied after this, so every mark seen here is before t.
        var since = t - _rollingNs;
        for (var series = 0; series < _visits.SeriesCount; series++)
        {
            var waiting = _visits.Waiting(series);
            if (waiting > 0 || _visits.LastEvent(series) >= since)
            {
                var (tenant, queue) = _tallies.QueueKeys[series];
                result.QueueStates.Add(new QueueStateLine(tenant, queue, waiting, waiting > 0 ? t - _visits.OldestStart(series) : 0));
            }
        }

        foreach (var cell in _agents.Teams)
        {
            if (cell.AnyLoggedIn || cell.LastEvent >= since)
            {
                result.TeamStates.Add(new TeamStateLine(cell.Tenant, cell.Team, cell.Snapshot()));
            }
        }

        foreach (var cell in _agents.Tenants)
        {
            if (cell.AnyLoggedIn || cell.LastEvent >= since)
            {
                result.TenantStates.Add(new TenantStateLine(cell.Tenant, cell.Snapshot()));
            }
        }
    }
}
