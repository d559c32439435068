using CallMetrics.Core.Events;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Applies agent events: login (with team and state), state changes and logout. The agent's status
/// (logged out, busy, available, not ready) follows from them and from its open legs.
/// </summary>
internal sealed class AgentStateMachine
{
    private readonly SessionStore _store;
    private readonly SeriesTallies _tallies;
    private readonly Accrual _accrual;
    private readonly LegLifecycle _legs;
    private readonly SessionCounters _counters;

    /// <summary>Creates the state machine over the sessions of <paramref name="store"/>.</summary>
    public AgentStateMachine(SessionStore store, SeriesTallies tallies, Accrual accrual, LegLifecycle legs, SessionCounters counters)
    {
        _store = store;
        _tallies = tallies;
        _accrual = accrual;
        _legs = legs;
        _counters = counters;
    }

    /// <summary>Applies <c>agent.login</c>.</summary>
    public void OnLogin(in CanonicalEvent e, long t)
    {
        var agent = _store.GetOrCreateAgent(e.Tenant, e.Agent, t);
        if (e.Team != 0 && e.Team != agent.Team)
        {
            // METRICS: the team tag is the team when time accrues: close the old team's time first.
            _accrual.FlushAgent(agent, t);
            agent.Team = e.Team;
            agent.Series = _tallies.AgentSeries(agent.Tenant, agent.Agent, agent.Team);
            for (var i = 0; i < agent.Legs.Count; i++)
            {
                agent.Legs[i].Series = agent.Series;
            }
        }

        if (agent.LoggedIn)
        {
            _counters.Count(Anomaly.LoginWhileLoggedIn);
        }

        agent.LoggedIn = true;
        agent.Chosen = e.State;
        agent.Reason = e.Reason;
        _accrual.UpdateStatus(agent, t);
    }

    /// <summary>Applies <c>agent.state</c>.</summary>
    public void OnState(in CanonicalEvent e, long t)
    {
        var agent = _store.GetOrCreateAgent(e.Tenant, e.Agent, t);

        // METRICS: agent.state ends wrap even when the state does not change.
        _legs.EndWraps(agent, t);
        if (!agent.LoggedIn)
        {
            _counters.Count(Anomaly.StateWhileLoggedOut);
        }

        agent.Chosen = e.State;
        agent.Reason = e.Reason;
        _accrual.UpdateStatus(agent, t);
    }

    /// <summary>Applies <c>agent.logout</c>.</summary>
    public void OnLogout(in CanonicalEvent e, long t)
    {
        var agent = _store.GetOrCreateAgent(e.Tenant, e.Agent, t);
        if (!agent.LoggedIn)
        {
            _counters.Count(Anomaly.LogoutWhileLoggedOut);
        }

        _legs.EndWraps(agent, t);
        for (var i = agent.Legs.Count - 1; i >= 0; i--)
        {
            var leg = agent.Legs[i];
            if (leg.IsConnected)
            {
                // METRICS: a logout during a connection ends the leg without wrap; handled at the logout.
                _counters.Count(Anomaly.LogoutDuringCall);
                _legs.EndWithoutWrap(leg, t);
            }
        }

        agent.LoggedIn = false;
        _accrual.UpdateStatus(agent, t);
    }
}
