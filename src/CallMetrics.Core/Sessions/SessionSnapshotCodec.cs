using CallMetrics.Core.Events;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Writes and reads the sessionizer's state for a checkpoint: the clock, the counters, the series and their
/// windows, every agent with its legs, the calls, the ended calls, the idle-eviction schedule and the live
/// wrap timers. Object references become numbers (agent number, leg number within the agent). Symbols are
/// written as names by the writer.
/// </summary>
/// <remarks>
/// Engine format 6 adds the last event time of each queue, team and tenant (the state series); the state counters
/// are recounted from the sessions on every read. Engine format 4 writes when each leg's segment began where format 3 (and 2) wrote the wrap deadline. Read from
/// those, a wrap's start is its deadline less max_wrap (exact), a talk or hold segment's the last instant its time
/// accrued to (at most a granule late); an agent never seen changing status gets its first-seen time.
/// </remarks>
internal sealed partial class SessionSnapshotCodec
{
    private readonly WindowClock _clock;
    private readonly SessionStore _store;
    private readonly SeriesTallies _tallies;
    private readonly Accrual _accrual;
    private readonly LegLifecycle _legs;
    private readonly IdleEviction _eviction;
    private readonly SessionCounters _counters;
    private readonly Contacts.ContactTracker _contacts;

    /// <summary>Creates the codec of the given units' state.</summary>
    public SessionSnapshotCodec(WindowClock clock, SessionStore store, SeriesTallies tallies, Accrual accrual, LegLifecycle legs, IdleEviction eviction, SessionCounters counters, Contacts.ContactTracker contacts)
    {
        _contacts = contacts;
        _clock = clock;
        _store = store;
        _tallies = tallies;
        _accrual = accrual;
        _legs = legs;
        _eviction = eviction;
        _counters = counters;
    }

    /// <summary>Writes the whole state.</summary>
    public void Write(SnapshotWriter w)
    {
        // Pending amounts are not written: they go to the current tallies first, where they would have been.
        _accrual.AddAllPending();

        w.Bool(_clock.Started);
        w.Long(_clock.NextBoundary);
        w.Long(_clock.Now);
        w.Long(_store.EndedRotateAt);
        WriteCounters(w);
        _tallies.WriteTo(w);

        // Agents in a fixed order, each with its legs; everything else refers to (agent number, leg number).
        var agents = _store.Agents.Values.ToList();
        var agentNumber = new Dictionary<AgentSession, int>(ReferenceEqualityComparer.Instance);
        w.Count(agents.Count);
        foreach (var agent in agents)
        {
            agentNumber.Add(agent, agentNumber.Count);
            WriteAgent(w, agent);
        }

        w.Count(_store.Calls.Count);
        foreach (var call in _store.Calls.Values)
        {
            w.Symbol(call.Tenant);
            w.Symbol(call.Call);
            w.Byte((byte)call.Phase);
            w.Int(call.VisitQueueSeries);
            w.Long(call.VisitStart);
            w.Long(call.LastSeen);
            WriteLegRef(w, call.Connected, agentNumber);
            w.Int(call.LastAgent is null ? -1 : agentNumber[call.LastAgent]);
        }

        foreach (var ended in new[] { _store.Ended, _store.EndedPrevious })
        {
            w.Count(ended.Count);
            foreach (var key in ended.Keys)
            {
                ended.TryGet((int)(key >> 32), (int)key, out var agent);
                w.Symbol((int)(key >> 32));
                w.Symbol((int)key);
                w.Int(agent is not null && agentNumber.TryGetValue(agent, out var number) ? number : -1);
            }
        }

        w.Long(_eviction.NextScan);
        w.Long(_counters.AgentsEvicted);
        w.Count(_store.LastTeam.Count);
        foreach (var (key, team) in _store.LastTeam)
        {
            w.Symbol((int)(key >> 32));
            w.Symbol((int)key);
            w.Symbol(team);
        }

        // Only live timers: a leg still in wrap whose generation matches.
        var live = _legs.LiveTimers();
        w.Count(live.Count);
        foreach (var (deadline, leg) in live)
        {
            w.Long(deadline);
            WriteLegRef(w, leg, agentNumber);
        }

        WriteStateMarks(w);
        WriteContactState(w, agents, agentNumber);
    }

    /// <summary>Reads what <see cref="Write"/> wrote (in engine format <paramref name="version"/>) into the units of a new sessionizer with the same options.</summary>
    public void Read(SnapshotReader r, int version)
    {
        _clock.Started = r.Bool();
        _clock.NextBoundary = r.Long();
        _clock.Now = r.Long();
        _store.EndedRotateAt = r.Long();
        ReadCounters(r);
        _tallies.ReadFrom(r);

        var agents = new List<AgentSession>();
        var agentCount = r.Count();
        for (var i = 0; i < agentCount; i++)
        {
            var agent = ReadAgent(r, version);
            agents.Add(agent);
            _store.Agents.Add(agent.Agent, agent);
        }

        var calls = r.Count();
        var restoredCalls = new List<CallSession>(calls);
        for (var i = 0; i < calls; i++)
        {
            var call = new CallSession
            {
                Tenant = r.Symbol(),
                Call = r.Symbol(),
                Phase = (CallPhase)r.Byte(),
                VisitQueueSeries = r.Int(),
                VisitStart = r.Long(),
                LastSeen = r.Long(),
            };
            call.Connected = ReadLegRef(r, agents);
            if (call.Connected is { } leg)
            {
                leg.ConnectedCall = call;
            }

            var last = r.Int();
            call.LastAgent = last < 0 ? null : agents[last];
            _store.Calls.Add(call.Call, call);
            restoredCalls.Add(call);
        }

        foreach (var ended in new[] { _store.Ended, _store.EndedPrevious })
        {
            var count = r.Count();
            for (var i = 0; i < count; i++)
            {
                var (tenant, call) = (r.Symbol(), r.Symbol());
                var number = r.Int();
                ended.Set(tenant, call, number < 0 ? null : agents[number]);
            }
        }

        _eviction.NextScan = r.Long();
        _counters.AgentsEvicted = r.Long();
        var lastTeams = r.Count();
        for (var i = 0; i < lastTeams; i++)
        {
            var key = SessionStore.Key(r.Symbol(), r.Symbol());
            _store.LastTeam[key] = r.Symbol();
        }

        var timers = r.Count();
        for (var i = 0; i < timers; i++)
        {
            var deadline = r.Long();
            _legs.RestoreTimer(deadline, ReadLegRef(r, agents)!);
        }

        if (version >= 6)
        {
            ReadStateMarks(r);
        }

        if (version >= Contacts.ContactTracker.FirstVersion)
        {
            ReadContactState(r, restoredCalls, agents);
        }
        else
        {
            foreach (var call in restoredCalls)
            {
                // Before format 7 calls kept no start: the last event seen is the nearest known.
                call.StartedAt = call.LastSeen;
                call.AnsweredQueueSeries = -1;
            }
        }

        // The state series' counters follow from the sessions: recounted, not read.
        _store.Visits.Rebuild(_store.Calls.Values);
        _accrual.States.Rebuild(agents);
    }

    private void WriteCounters(SnapshotWriter w)
    {
        w.Long(_counters.EventsApplied);
        w.Long(_counters.WrapTimeouts);
        w.Count(_counters.Anomalies.Length);
        foreach (var count in _counters.Anomalies)
        {
            w.Long(count);
        }
    }

    private void ReadCounters(SnapshotReader r)
    {
        _counters.EventsApplied = r.Long();
        _counters.WrapTimeouts = r.Long();
        var anomalies = r.Count();
        for (var i = 0; i < anomalies; i++)
        {
            var count = r.Long();
            if (i < _counters.Anomalies.Length)
            {
                _counters.Anomalies[i] = count;
            }
        }
    }

    private static void WriteAgent(SnapshotWriter w, AgentSession agent)
    {
        w.Symbol(agent.Tenant);
        w.Symbol(agent.Agent);
        w.Symbol(agent.Team);
        w.Count(agent.Series);
        w.Bool(agent.LoggedIn);
        w.Byte((byte)agent.Chosen);
        w.Byte((byte)agent.Status);
        w.Long(agent.StatusSince);
        w.Long(agent.StatusStarted);
        w.Symbol(agent.Reason);
        w.Long(agent.LastSeen);
        w.Bool(agent.OpenIndex >= 0);
        w.Count(agent.Legs.Count);
        for (var j = 0; j < agent.Legs.Count; j++)
        {
            var leg = agent.Legs[j];
            w.Symbol(leg.Call);
            w.Int(leg.QueueSeries);
            w.Byte((byte)leg.Segment);
            w.Long(leg.SegmentStart);
            w.Long(leg.TalkNs);
            w.Long(leg.HoldNs);
            w.Long(leg.WrapNs);
            w.Long(leg.SegmentStarted);
        }
    }

    private AgentSession ReadAgent(SnapshotReader r, int version)
    {
        var agent = new AgentSession { Tenant = r.Symbol(), Agent = r.Symbol(), Team = r.Symbol() };
        agent.Series = r.Count();
        agent.LoggedIn = r.Bool();
        agent.Chosen = (AgentChosenState)r.Byte();
        agent.Status = (AgentStatus)r.Byte();
        agent.StatusSince = r.Long();
        agent.StatusStarted = r.Long();
        if (version < 4 && agent.StatusStarted == 0)
        {
            // Before format 4 an agent created logged out (by a logout or a survey) kept the unset 0 until its
            // status changed; its status began when it was first seen, which is where its status time stands.
            agent.StatusStarted = agent.StatusSince;
        }

        agent.Reason = r.Symbol();
        agent.LastSeen = r.Long();
        var open = r.Bool();
        var legs = r.Count();
        for (var j = 0; j < legs; j++)
        {
            var leg = _store.NewLeg();
            leg.Agent = agent;
            leg.AgentSymbol = agent.Agent;
            leg.Series = agent.Series;
            leg.Call = r.Symbol();
            leg.QueueSeries = r.Int();
            leg.Segment = (LegSegment)r.Byte();
            leg.SegmentStart = r.Long();
            leg.TalkNs = r.Long();
            leg.HoldNs = r.Long();
            leg.WrapNs = r.Long();
            var started = r.Long();
            leg.SegmentStarted = version >= 4 ? started
                : leg.Segment == LegSegment.Wrap ? started - _legs.MaxWrapNs // the wrap deadline
                : leg.SegmentStart;
            agent.Legs.Add(leg);
        }

        if (open)
        {
            _accrual.RestoreOpen(agent);
        }

        return agent;
    }

    private static void WriteLegRef(SnapshotWriter w, Leg? leg, Dictionary<AgentSession, int> agentNumber)
    {
        if (leg?.Agent is null)
        {
            w.Int(-1);
            return;
        }

        w.Int(agentNumber[leg.Agent]);
        w.Count(leg.Agent.Legs.IndexOf(leg));
    }

    private static Leg? ReadLegRef(SnapshotReader r, List<AgentSession> agents)
    {
        var agent = r.Int();
        return agent < 0 ? null : agents[agent].Legs[r.Count()];
    }
}
