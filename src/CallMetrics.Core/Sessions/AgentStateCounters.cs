namespace CallMetrics.Core.Sessions;

/// <summary>
/// Logged-in agents by activity per team and per tenant, kept up to date as agents change (METRICS.md "Live state and
/// alerts"): each agent remembers the activity and the cells it is counted in, and a change moves it between counts,
/// so a step reads the counts without visiting any agent. Also each team's and tenant's last event time.
/// </summary>
/// <remarks>
/// Updated by <see cref="Accrual.UpdateStatus"/>, which every change of login, chosen state, team or leg goes through.
/// The counts are not checkpointed but recounted from the agents (<see cref="Rebuild"/>); the last event times are.
/// </remarks>
internal sealed class AgentStateCounters
{
    private readonly Dictionary<long, StateCell> _teams = [];
    private readonly Dictionary<int, StateCell> _tenants = [];

    // The tenant of the last event, so marking the tenant of each event is one comparison for a single tenant.
    private StateCell? _lastTenant;

    /// <summary>True when events are marked (the state series are written): else the marks do nothing.</summary>
    public bool Marking { get; set; }

    /// <summary>The teams' cells, in the order they first appeared.</summary>
    public IEnumerable<StateCell> Teams => _teams.Values;

    /// <summary>The tenants' cells, in the order they first appeared.</summary>
    public IEnumerable<StateCell> Tenants => _tenants.Values;

    /// <summary>The activity <paramref name="agent"/> is in now.</summary>
    public static AgentActivity ActivityOf(AgentSession agent)
    {
        if (!agent.LoggedIn)
        {
            return AgentActivity.None;
        }

        if (agent.Legs.Count > 0)
        {
            for (var i = 0; i < agent.Legs.Count; i++)
            {
                if (agent.Legs[i].IsConnected)
                {
                    return AgentActivity.OnCall;
                }
            }

            return AgentActivity.InWrap;
        }

        return agent.Chosen == Events.AgentChosenState.Available ? AgentActivity.Available : AgentActivity.NotReady;
    }

    /// <summary>Moves <paramref name="agent"/> to the counts of its current activity and team.</summary>
    public void Update(AgentSession agent)
    {
        var activity = ActivityOf(agent);
        var team = agent.Team;
        if (activity == agent.Activity && (activity == AgentActivity.None || team == (agent.TeamCell?.Team ?? 0)))
        {
            return;
        }

        if (agent.Activity != AgentActivity.None)
        {
            agent.TenantCell!.Counts[(int)agent.Activity]--;
            if (agent.TeamCell is { } old)
            {
                old.Counts[(int)agent.Activity]--;
            }
        }

        agent.Activity = activity;
        if (activity == AgentActivity.None)
        {
            return;
        }

        agent.TenantCell ??= Tenant(agent.Tenant);
        agent.TenantCell.Counts[(int)activity]++;
        if (team != (agent.TeamCell?.Team ?? 0))
        {
            agent.TeamCell = team == 0 ? null : Team(agent.Tenant, team);
        }

        if (agent.TeamCell is { } cell)
        {
            cell.Counts[(int)activity]++;
        }
    }

    /// <summary>An event of <paramref name="tenant"/> at <paramref name="t"/> (METRICS: every event is its tenant's).</summary>
    public void MarkTenant(int tenant, long t)
    {
        if (!Marking)
        {
            return;
        }

        var cell = _lastTenant is { } last && last.Tenant == tenant ? last : (_lastTenant = Tenant(tenant));
        cell.LastEvent = t;
    }

    /// <summary>An event of <paramref name="agent"/>'s team (as it is now) at <paramref name="t"/>.</summary>
    public void MarkTeam(AgentSession agent, long t)
    {
        if (!Marking || agent.Team == 0)
        {
            return;
        }

        var cell = agent.TeamCell is { } counted && counted.Team == agent.Team ? counted : Team(agent.Tenant, agent.Team);
        cell.LastEvent = t;
    }

    /// <summary>The cell of (<paramref name="tenant"/>, <paramref name="team"/>), added when new.</summary>
    public StateCell Team(int tenant, int team)
    {
        var key = SessionStore.Key(tenant, team);
        if (!_teams.TryGetValue(key, out var cell))
        {
            cell = new StateCell(tenant, team);
            _teams.Add(key, cell);
        }

        return cell;
    }

    /// <summary>The cell of <paramref name="tenant"/>, added when new.</summary>
    public StateCell Tenant(int tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var cell))
        {
            cell = new StateCell(tenant, 0);
            _tenants.Add(tenant, cell);
        }

        return cell;
    }

    /// <summary>Counts the agents of a restore.</summary>
    public void Rebuild(IEnumerable<AgentSession> agents)
    {
        foreach (var agent in agents)
        {
            agent.Activity = AgentActivity.None;
            agent.TeamCell = null;
            Update(agent);
        }
    }
}
