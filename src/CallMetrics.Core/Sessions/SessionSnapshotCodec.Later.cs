using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Sessions;

/// <summary>The parts of the sessions' snapshot added with formats 6 (the state series' marks) and 7 (the KPIs' calls, legs, ended calls and contacts).</summary>
internal sealed partial class SessionSnapshotCodec
{
    // Format 6: the last event of each queue, team and tenant (the state series' "event in [t - rolling, t)").
    private void WriteStateMarks(SnapshotWriter w)
    {
        var visits = _store.Visits;
        w.Count(visits.SeriesCount);
        for (var series = 0; series < visits.SeriesCount; series++)
        {
            w.Long(visits.LastEvent(series));
        }

        foreach (var cells in new[] { _accrual.States.Teams.ToList(), _accrual.States.Tenants.ToList() })
        {
            w.Count(cells.Count);
            foreach (var cell in cells)
            {
                w.Symbol(cell.Tenant);
                w.Symbol(cell.Team);
                w.Long(cell.LastEvent);
            }
        }
    }

    private void ReadStateMarks(SnapshotReader r)
    {
        var series = r.Count();
        for (var i = 0; i < series; i++)
        {
            _store.Visits.RestoreLastEvent(i, r.Long());
        }

        for (var kind = 0; kind < 2; kind++)
        {
            var cells = r.Count();
            for (var i = 0; i < cells; i++)
            {
                var (tenant, team, last) = (r.Symbol(), r.Symbol(), r.Long());
                var cell = kind == 0 ? _accrual.States.Team(tenant, team) : _accrual.States.Tenant(tenant);
                cell.LastEvent = last;
            }
        }
    }

    /// <summary>
    /// Format 7: what calls, legs and ended calls keep for outcomes, call types and FCR, in the order the parts above
    /// were written, then the callers' pending contacts and the FCR intervals.
    /// </summary>
    private void WriteContactState(SnapshotWriter w, List<AgentSession> agents, Dictionary<AgentSession, int> agentNumber)
    {
        foreach (var call in _store.Calls.Values)
        {
            w.Long(call.StartedAt);
            w.Bool(call.HadArrived);
            w.Symbol(call.CallType);
            w.Long(unchecked((long)call.CallerKey));
            w.Int(call.AnsweredAgent is { } answered && agentNumber.TryGetValue(answered, out var number) ? number : -1);
            w.Int(call.AnsweredQueueSeries);
        }

        foreach (var agent in agents)
        {
            for (var j = 0; j < agent.Legs.Count; j++)
            {
                var leg = agent.Legs[j];
                w.Symbol(leg.CallType);
                w.Byte((byte)leg.Outcome);
                w.Bool(leg.Dispositioned);
                w.Bool(leg.EscalatedByQueue);
            }
        }

        foreach (var ended in new[] { _store.Ended, _store.EndedPrevious })
        {
            foreach (var key in ended.Keys)
            {
                w.Symbol(ended.CallTypeOf((int)(key >> 32), (int)key));
            }
        }

        _contacts.WriteTo(w);
    }

    private void ReadContactState(SnapshotReader r, List<CallSession> calls, List<AgentSession> agents)
    {
        foreach (var call in calls)
        {
            call.StartedAt = r.Long();
            call.HadArrived = r.Bool();
            call.CallType = r.Symbol();
            call.CallerKey = unchecked((ulong)r.Long());
            var answered = r.Int();
            call.AnsweredAgent = answered < 0 ? null : agents[answered];
            call.AnsweredQueueSeries = r.Int();
        }

        foreach (var agent in agents)
        {
            for (var j = 0; j < agent.Legs.Count; j++)
            {
                var leg = agent.Legs[j];
                leg.CallType = r.Symbol();
                leg.Outcome = (Options.OutcomeClass)r.Byte();
                leg.Dispositioned = r.Bool();
                leg.EscalatedByQueue = r.Bool();
            }
        }

        foreach (var ended in new[] { _store.Ended, _store.EndedPrevious })
        {
            foreach (var key in ended.Keys)
            {
                ended.SetCallType((int)(key >> 32), (int)key, r.Symbol());
            }
        }

        _contacts.ReadFrom(r);
    }
}
