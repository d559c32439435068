using CallMetrics.Core.Processing;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Where the sessions live: agents and calls by symbol, the ended calls remembered for surveys (two
/// generations), the last team of agents that left, and the pools of call and leg objects. Also the prefetch
/// hints that bring a coming event's sessions into cache before it is applied.
/// </summary>
internal sealed class SessionStore
{
    // Bytes of fields to prefetch per object (measured with SessionSizeTests): an agent carries its pending tally
    // inline; its list of legs, read first, comes last.
    internal const int AgentBytes = 216;
    internal const int CallBytes = 96;
    internal const int LegBytes = 112;

    private readonly SeriesTallies _tallies;
    private readonly Action<int>? _releaseSymbol;
    private readonly long _surveyRetentionNs;

    // Not checkpointed (a restore starts them afresh): the pools and the leg generations. The public properties below
    // are the store's checkpointed state.
    private readonly Stack<Leg> _legPool = new();
    private readonly Stack<CallSession> _callPool = new();

    // Every leg's generation by leg id, so a timer whose leg has moved on (almost all of them: wraps mostly end
    // by wrap.ended) is told stale without reading the leg object, long out of cache by its deadline.
    private int[] _legGenerations = new int[64];
    private int _legCount;

    /// <summary>Creates an empty store.</summary>
    /// <param name="retentionNs">How long ended calls are remembered for surveys (one to two of these).</param>
    /// <param name="tallies">Where a new agent's series is found.</param>
    /// <param name="releaseSymbol">Told the call symbols no session refers to any more; null keeps them.</param>
    public SessionStore(long retentionNs, SeriesTallies tallies, Action<int>? releaseSymbol)
    {
        _surveyRetentionNs = Math.Max(retentionNs, 1);
        _tallies = tallies;
        _releaseSymbol = releaseSymbol;
    }

    /// <summary>Agents known, logged in or not. Sessions are found by symbol with one array read.</summary>
    public SessionMap<AgentSession> Agents { get; } = new();

    /// <summary>Calls in the system.</summary>
    public SessionMap<CallSession> Calls { get; } = new();

    /// <summary>The visits open in each queue, in start order.</summary>
    public QueueVisits Visits { get; } = new();

    /// <summary>
    /// Calls ended in the current generation, with the last agent connected to each (for surveys). An ended call is
    /// kept between one and two retention periods; when a generation is dropped its call ids are released.
    /// </summary>
    public EndedCalls Ended { get; private set; } = new();

    /// <summary>Calls ended in the previous generation.</summary>
    public EndedCalls EndedPrevious { get; private set; } = new();

    /// <summary>When the ended-call generations rotate next; <see cref="long.MinValue"/> before the first call ends.</summary>
    public long EndedRotateAt { get; set; } = long.MinValue;

    /// <summary>The team of each agent that left state (key: tenant and agent symbol), for its next login without team.</summary>
    public Dictionary<long, int> LastTeam { get; } = [];

    /// <summary>The key of (<paramref name="tenant"/>, <paramref name="symbol"/>) in dictionaries keyed by both.</summary>
    public static long Key(int tenant, int symbol) => ((long)tenant << 32) | (uint)symbol;

    /// <summary>The call, seen at <paramref name="t"/>; an unknown one is started (EVENTS.md), inbound and detached.</summary>
    public CallSession GetOrStartCall(int tenant, int symbol, long t)
    {
        if (Calls.Get(tenant, symbol) is { } known)
        {
            known.LastSeen = t;
            return known;
        }

        // EVENTS: the first event of an unknown call starts it (inbound, no IVR time).
        var call = StartCall(tenant, symbol, t);
        call.Phase = CallPhase.Detached;
        return call;
    }

    /// <summary>A new call in the IVR phase, added to <see cref="Calls"/>.</summary>
    public CallSession StartCall(int tenant, int symbol, long t)
    {
        var call = _callPool.Count > 0 ? _callPool.Pop() : new CallSession();
        call.Tenant = tenant;
        call.Call = symbol;
        call.Phase = CallPhase.Ivr;
        call.VisitQueueSeries = -1;
        call.VisitStart = 0;
        call.VisitId = 0;
        call.Connected = null;
        call.LastAgent = null;
        call.LastSeen = t;
        call.StartedAt = t;
        call.HadArrived = false;
        call.CallType = 0;
        call.CallerKey = 0;
        call.AnsweredAgent = null;
        call.AnsweredQueueSeries = -1;
        Calls.Add(symbol, call);
        return call;
    }

    /// <summary>
    /// The call left the system at <paramref name="t"/> (its connection already ended): removed, remembered with
    /// its last agent for surveys, and its object pooled.
    /// </summary>
    public void EndCall(CallSession call, long t)
    {
        if (call.Phase == CallPhase.Queued)
        {
            Visits.Close(call);
        }

        Calls.Remove(call.Call, call);
        RotateEndedCalls(t);
        Ended.Set(call.Tenant, call.Call, call.LastAgent, call.CallType);
        call.Connected = null;
        call.LastAgent = null;
        call.AnsweredAgent = null;
        _callPool.Push(call);
    }

    /// <summary>The last agent connected to a call in the system or remembered as ended; null when none.</summary>
    public AgentSession? LastAgentOf(int tenant, int call) =>
        Calls.Get(tenant, call) is { } open ? open.LastAgent
        : Ended.TryGet(tenant, call, out var ended) ? ended
        : EndedPrevious.TryGet(tenant, call, out var previous) ? previous
        : null;

    /// <summary>The call type of a call open or ended within the survey retention; 0 (<c>unspecified</c>) otherwise.</summary>
    public int CallTypeOf(int tenant, int call) =>
        Calls.Get(tenant, call) is { } open ? open.CallType
        : Ended.TryGet(tenant, call, out _) ? Ended.CallTypeOf(tenant, call)
        : EndedPrevious.CallTypeOf(tenant, call);

    /// <summary>The agent, seen at <paramref name="t"/>; an unknown one is created logged out, with its last known team.</summary>
    public AgentSession GetOrCreateAgent(int tenant, int symbol, long t)
    {
        var agent = Agents.Get(tenant, symbol);
        if (agent is null)
        {
            var team = LastTeam.GetValueOrDefault(Key(tenant, symbol));
            agent = new AgentSession { Tenant = tenant, Agent = symbol, Team = team };
            agent.OwnLeg = NewLeg(); // allocated right after the agent, so usually next to it
            agent.Series = _tallies.AgentSeries(tenant, symbol, team);
            agent.StatusSince = t;

            // Logged out, as far as we know, since it was first seen (an agent seen only through a logout: the logout).
            agent.StatusStarted = t;
            Agents.Add(symbol, agent);
        }

        agent.LastSeen = t;
        return agent;
    }

    /// <summary>The agent leaves state (logged out, nothing open): its team is remembered, its own leg pooled.</summary>
    public void RemoveAgent(AgentSession agent)
    {
        // METRICS: a login without team keeps the last known team, so the team outlives the session.
        if (agent.Team != 0)
        {
            LastTeam[Key(agent.Tenant, agent.Agent)] = agent.Team;
        }

        Agents.Remove(agent.Agent, agent);
        if (agent.OwnLeg is { Agent: null } own)
        {
            // Leg ids are not reused: the evicted agent's leg goes to the pool rather than away.
            _legPool.Push(own);
        }
    }

    /// <summary>A new leg object with the next leg id.</summary>
    public Leg NewLeg()
    {
        if (_legCount == _legGenerations.Length)
        {
            Array.Resize(ref _legGenerations, _legCount * 2);
        }

        return new Leg { Id = _legCount++ };
    }

    /// <summary>
    /// A free leg for <paramref name="agent"/>: its own, which sits next to it in memory, or for a second
    /// concurrent leg one from the pool.
    /// </summary>
    public Leg RentLeg(AgentSession agent) => agent.OwnLeg is { Agent: null } own ? own : _legPool.Count > 0 ? _legPool.Pop() : NewLeg();

    /// <summary>The leg is done: its generation moves on (its timers go stale) and, unless an agent's own, it is pooled.</summary>
    public void ReturnLeg(Leg leg, AgentSession agent)
    {
        leg.Generation++;
        _legGenerations[leg.Id] = leg.Generation;
        if (!ReferenceEquals(leg, agent.OwnLeg))
        {
            _legPool.Push(leg);
        }
    }

    /// <summary>True when leg <paramref name="id"/> is still in <paramref name="generation"/>, read without the leg object.</summary>
    public bool IsCurrent(int id, int generation) => _legGenerations[id] == generation;

    /// <summary>
    /// The first of three prefetch steps for <paramref name="e"/> (no effect on results): the slots that say
    /// where its call and agent sessions are. Then <see cref="Touch"/>, then <see cref="TouchLegs"/>.
    /// </summary>
    public void TouchSlots(in Events.CanonicalEvent e)
    {
        if (e.Call != 0)
        {
            Calls.PrefetchSlot(e.Call);
        }

        if (e.Agent != 0)
        {
            Agents.PrefetchSlot(e.Agent);
        }
    }

    /// <summary>
    /// A hint, no effect on results: prefetches the call and agent sessions <paramref name="e"/> will use, so that
    /// when it is applied some events later its misses are already served. The second of three steps, after
    /// <see cref="TouchSlots"/>; then <see cref="TouchLegs"/>.
    /// </summary>
    public void Touch(in Events.CanonicalEvent e)
    {
        if (e.Call != 0)
        {
            CacheHint.Object(Calls.PeekSlot(e.Call), CallBytes);
        }

        if (e.Agent != 0)
        {
            CacheHint.Object(Agents.PeekSlot(e.Agent), AgentBytes);
        }
    }

    /// <summary>
    /// The third step, a few events after <see cref="Touch"/> (so the sessions are in cache by now): prefetches
    /// what hangs off them, the call's connected leg and the agent's first leg. No effect on results.
    /// </summary>
    public void TouchLegs(in Events.CanonicalEvent e)
    {
        if (e.Call != 0 && Calls.PeekSlot(e.Call) is { } call)
        {
            CacheHint.Object(call.Connected, LegBytes);
        }

        if (e.Agent != 0 && Agents.PeekSlot(e.Agent) is { } agent)
        {
            CacheHint.Object(agent.Legs.First, LegBytes);
        }
    }

    private void RotateEndedCalls(long t)
    {
        // Two generations: an ended call is remembered for surveys between one and two retention periods.
        if (EndedRotateAt == long.MinValue)
        {
            EndedRotateAt = t + _surveyRetentionNs;
        }
        else if (t >= EndedRotateAt)
        {
            // The oldest generation ended at least one retention ago: forget those calls and their ids.
            foreach (var key in EndedPrevious.Keys)
            {
                if (Calls.Get((int)(key >> 32), (int)key) is null && !Ended.Contains(key))
                {
                    _releaseSymbol?.Invoke((int)key);
                }
            }

            (EndedPrevious, Ended) = (Ended, EndedPrevious);
            Ended.Clear();
            EndedRotateAt = t + _surveyRetentionNs;
        }
    }
}
