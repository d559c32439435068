using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Applies events <em>in event-time order</em> to per-call and per-agent state machines, accrues time
/// and counts into windows, and hands closed windows to an <see cref="IWindowSink"/>. Ordering,
/// lateness and duplicates are the caller's job (<c>MetricsEngine</c>); this type
/// assumes its input is sorted by time (stably) and never throws on odd input: anomalies are counted.
/// </summary>
/// <remarks>
/// Time accrues lazily: a status or segment remembers since when it runs and is added to the
/// windows when it changes, and at every granule boundary (the gcd of all window steps) all open
/// agents are flushed so that no accrual ever spans a boundary. Counts go to the granule that
/// contains the instant they complete (METRICS.md "Windows and attribution").
/// </remarks>
internal sealed class Sessionizer
{
    private readonly long _maxWrapNs;
    private readonly long _serviceLevelNs;
    private readonly long _shortAbandonNs;
    private readonly long _surveyRetentionNs;
    private readonly WindowSpec[] _specs;
    private readonly long _granuleNs;
    private readonly IWindowSink _sink;

    private readonly SeriesWindows<AgentTally> _agentWindows;
    private readonly SeriesWindows<QueueTally> _queueWindows;
    private readonly List<(int Tenant, int Agent, int Team)> _agentSeriesKeys = [];
    private readonly Dictionary<(int Tenant, int Agent, int Team), int> _agentSeriesIndex = [];
    private readonly List<(int Tenant, int Queue)> _queueSeriesKeys = [];
    private readonly Dictionary<long, int> _queueSeriesIndex = [];

    // Sessions found by symbol with one array read (a dictionary cost a bucket and an entry miss first).
    private readonly SessionMap<AgentSession> _agents = new();
    private readonly SessionMap<CallSession> _calls = new();
    // Every ended call, with the last agent connected to it (for surveys), kept between one and two retention
    // periods; when a generation is dropped its call ids are released from the symbol table.
    private EndedCalls _endedCalls = new();
    private EndedCalls _endedCallsPrevious = new();
    private readonly Dictionary<long, int> _lastTeam = [];
    private readonly Action<int>? _releaseSymbol;
    private readonly long _idleTimeoutNs;
    private long _nextIdleScan = long.MinValue;
    private long _endedRotateAt = long.MinValue;
    private readonly List<AgentSession> _open = [];
    private readonly Queue<(long Deadline, Leg Leg, int Generation, int LegId)> _wrapTimers = new();
    // Every leg's generation by leg id, so a timer whose leg has moved on (almost all of them: wraps mostly end
    // by wrap.ended) is told stale without reading the leg object, long out of cache by its deadline.
    private int[] _legGenerations = new int[64];
    private int _legCount;
    private readonly Stack<Leg> _legPool = new();
    private readonly Stack<CallSession> _callPool = new();

    private const int RecentAbandonCapacity = 200;
    private readonly Queue<AbandonRecord> _recentAbandons = new();
    private readonly WindowResult[] _results;
    private readonly List<WindowResult> _emitted = [];
    private bool _started;
    private long _nextBoundary;
    private long _now = long.MinValue;

    public Sessionizer(MetricsOptions options, IWindowSink sink, Action<int>? releaseSymbol = null)
    {
        _releaseSymbol = releaseSymbol;
        _idleTimeoutNs = TimeMath.Nanos(options.IdleTimeout);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _maxWrapNs = TimeMath.Nanos(options.MaxWrap);
        _serviceLevelNs = TimeMath.Nanos(options.ServiceLevelThreshold);
        _shortAbandonNs = TimeMath.Nanos(options.ShortAbandon);
        _surveyRetentionNs = Math.Max(TimeMath.Nanos(options.Retention), 1);
        var specs = new List<WindowSpec> { WindowSpec.Intervals(options.Interval) };
        if (options.Rolling is { } rolling)
        {
            specs.Add(WindowSpec.RollingWindows(rolling, options.Step));
        }

        _specs = [.. specs];
        _granuleNs = _specs.Select(s => s.StepNs).Aggregate(TimeMath.Gcd);
        _agentWindows = new SeriesWindows<AgentTally>(_specs);
        _queueWindows = new SeriesWindows<QueueTally>(_specs);
        _results = [.. _specs.Select(_ => new WindowResult())];
    }

    public SessionCounters Counters { get; } = new();

    public IReadOnlyList<WindowSpec> Specs => _specs;

    /// <summary>Event time of the last applied event (or end of input).</summary>
    public long Now => _now;

    /// <summary>Agents known (logged in or not).</summary>
    public int AgentCount => _agents.Count;

    /// <summary>Calls in the system.</summary>
    public int OpenCallCount => _calls.Count;

    // Bytes of fields to prefetch per object (measured with SessionSizeTests): an agent carries its pending tally
    // inline; its list of legs, read first, comes last.
    internal const int AgentBytes = 192;
    internal const int CallBytes = 64;
    internal const int LegBytes = 112;

    /// <summary>
    /// The first of three prefetch steps for <paramref name="e"/> (no effect on results): the slots that say
    /// where its call and agent sessions are. Then <see cref="Touch"/>, then <see cref="TouchLegs"/>.
    /// </summary>
    public void TouchSlots(in CanonicalEvent e)
    {
        if (e.Call != 0)
        {
            _calls.PrefetchSlot(e.Call);
        }

        if (e.Agent != 0)
        {
            _agents.PrefetchSlot(e.Agent);
        }
    }

    /// <summary>
    /// A hint, no effect on results: prefetches the call and agent sessions <paramref name="e"/> will use, so that
    /// when it is applied some events later its misses are already served. The second of three steps, after
    /// <see cref="TouchSlots"/>; then <see cref="TouchLegs"/>.
    /// </summary>
    public void Touch(in CanonicalEvent e)
    {
        if (e.Call != 0)
        {
            Processing.CacheHint.Object(_calls.PeekSlot(e.Call), CallBytes);
        }

        if (e.Agent != 0)
        {
            Processing.CacheHint.Object(_agents.PeekSlot(e.Agent), AgentBytes);
        }
    }

    /// <summary>
    /// The third step, a few events after <see cref="Touch"/> (so the sessions are in cache by now): prefetches
    /// what hangs off them, the call's connected leg and the agent's first leg. No effect on results.
    /// </summary>
    public void TouchLegs(in CanonicalEvent e)
    {
        if (e.Call != 0 && _calls.PeekSlot(e.Call) is { } call)
        {
            Processing.CacheHint.Object(call.Connected, LegBytes);
        }

        if (e.Agent != 0 && _agents.PeekSlot(e.Agent) is { } agent)
        {
            Processing.CacheHint.Object(agent.Legs.First, LegBytes);
        }
    }

    /// <summary>Applies one event. Events must come in non-decreasing time.</summary>
    public void Apply(in CanonicalEvent e)
    {
        AdvanceTo(e.Timestamp);
        Counters.EventsApplied++;
        var t = e.Timestamp;
        switch (e.Type)
        {
            case EventType.CallArrived: OnArrived(e, t); break;
            case EventType.CallQueued: OnQueued(e, t); break;
            case EventType.CallAnswered: OnAnswered(e, t); break;
            case EventType.CallHeld: OnHeld(e, t, hold: true); break;
            case EventType.CallRetrieved: OnHeld(e, t, hold: false); break;
            case EventType.CallTransferred: OnTransferred(e, t); break;
            case EventType.CallEnded: OnEnded(e, t); break;
            case EventType.WrapEnded: OnWrapEnded(e, t); break;
            case EventType.SurveyCompleted: OnSurvey(e, t); break;
            case EventType.AgentLogin: OnLogin(e, t); break;
            case EventType.AgentState: OnState(e, t); break;
            case EventType.AgentLogout: OnLogout(e, t); break;
            default: break;
        }
    }

    /// <summary>
    /// Moves event time to <paramref name="t"/>: fires wrap deadlines before it and closes every
    /// granule that ends at or before it, emitting the windows that end there.
    /// </summary>
    public void AdvanceTo(long t)
    {
        if (!_started)
        {
            _started = true;
            _nextBoundary = TimeMath.Floor(t, _granuleNs) + _granuleNs;
            _now = t;
        }

        while (_nextBoundary <= t)
        {
            if (IsIdle())
            {
                // Nothing open and nothing pending: jump over empty granules.
                _nextBoundary = TimeMath.Floor(t, _granuleNs) + _granuleNs;
                break;
            }

            // METRICS: a wrap that reaches max_wrap exactly on the boundary completes in the later window.
            FireWrapTimers(_nextBoundary, inclusive: false);
            CloseGranule(_nextBoundary, final: true);
            _nextBoundary += _granuleNs;
        }

        FireWrapTimers(t, inclusive: false);
        _now = Math.Max(_now, t);
    }

    /// <summary>
    /// End of a finite input at <paramref name="end"/> (the largest event time seen): open time counts up
    /// to it and no further, wraps whose deadline is exactly <paramref name="end"/> complete, and the
    /// windows that contain <paramref name="end"/> are emitted as final.
    /// </summary>
    public void Finish(long end)
    {
        if (!_started)
        {
            return;
        }

        AdvanceTo(end);
        FireWrapTimers(end, inclusive: true);
        foreach (var agent in _open)
        {
            FlushAgent(agent, end);
        }

        var granuleStart = _nextBoundary - _granuleNs;
        _agentWindows.Fold(granuleStart);
        _queueWindows.Fold(granuleStart);

        // Every window that still holds time or counts is emitted (as a bounded stream's final watermark
        // fires all windows): the interval that contains the end, and each rolling window up to the last
        // one that still reaches back to data. No time accrues after the end.
        for (var i = 0; i < _specs.Length; i++)
        {
            var windowEnd = TimeMath.Floor(end, _specs[i].StepNs) + _specs[i].StepNs;
            do
            {
                _emitted.Clear();
                EmitFamily(i, windowEnd, final: true);
                Deliver();
                windowEnd += _specs[i].StepNs;
            }
            while (_agentWindows.HasActive(i) || _queueWindows.HasActive(i));
        }
    }

    /// <summary>
    /// Writes the windows that contain <paramref name="upTo"/> early, as they stand with open time
    /// counted up to <paramref name="upTo"/>, marked not final. Changes no state: the final write of the
    /// same windows later replaces these lines (same measurement, tags and timestamp).
    /// </summary>
    public void EmitProvisional(long upTo)
    {
        if (!_started || upTo < _nextBoundary - _granuleNs)
        {
            return;
        }

        foreach (var agent in _open)
        {
            AddPending(agent);
        }

        var extra = new Dictionary<int, AgentTally>();
        foreach (var agent in _open)
        {
            var d = upTo - agent.StatusSince;
            if (d > 0 && agent.Status != AgentStatus.LoggedOut)
            {
                extra.TryGetValue(agent.Series, out var tally);
                switch (agent.Status)
                {
                    case AgentStatus.Busy: tally.BusyNs += d; break;
                    case AgentStatus.Available: tally.AvailableNs += d; break;
                    case AgentStatus.NotReady: tally.NotReadyNs += d; break;
                    default: break;
                }

                extra[agent.Series] = tally;
            }

            for (var j = 0; j < agent.Legs.Count; j++)
            {
                var leg = agent.Legs[j];
                var s = upTo - leg.SegmentStart;
                if (s > 0)
                {
                    extra.TryGetValue(agent.Series, out var tally);
                    switch (leg.Segment)
                    {
                        case LegSegment.Talk: tally.TalkNs += s; break;
                        case LegSegment.Hold: tally.HoldNs += s; break;
                        case LegSegment.Wrap: tally.WrapNs += s; break;
                        default: break;
                    }

                    extra[agent.Series] = tally;
                }
            }
        }

        var noQueueExtra = new Dictionary<int, QueueTally>();
        _emitted.Clear();
        for (var i = 0; i < _specs.Length; i++)
        {
            var end = TimeMath.Floor(upTo, _specs[i].StepNs) + _specs[i].StepNs;
            var result = _results[i];
            result.Reset(_specs[i], end, isFinal: false);
            var agentVisitor = new AgentCollector(result.Agents, _agentSeriesKeys);
            _agentWindows.Peek(i, end, extra, ref agentVisitor);
            var queueVisitor = new QueueCollector(result.Queues, _queueSeriesKeys);
            _queueWindows.Peek(i, end, noQueueExtra, ref queueVisitor);
            if (result.LineCount > 0)
            {
                result.RollUp();
                _emitted.Add(result);
            }
        }

        Deliver();
    }

    /// <summary>Evicts calls without an event for the idle timeout, and logged-out agents with nothing open.</summary>
    private void EvictIdle(long now)
    {
        var cutoff = now - _idleTimeoutNs;
        List<CallSession>? idleCalls = null;
        foreach (var call in _calls.Values)
        {
            if (call.LastSeen < cutoff)
            {
                (idleCalls ??= []).Add(call);
            }
        }

        foreach (var call in idleCalls ?? [])
        {
            Counters.Count(Anomaly.EvictedIdleCall);
            if (call.Connected is { } leg)
            {
                EndConnection(leg, now, transfer: false);
            }

            _calls.Remove(call.Call, call);
            RotateEndedCalls(now);
            _endedCalls.Set(call.Tenant, call.Call, call.LastAgent);
            call.Connected = null;
            call.LastAgent = null;
            _callPool.Push(call);
        }

        List<AgentSession>? idleAgents = null;
        foreach (var agent in _agents.Values)
        {
            if (!agent.IsOpen && agent.LastSeen < cutoff)
            {
                (idleAgents ??= []).Add(agent);
            }
        }

        foreach (var agent in idleAgents ?? [])
        {
            // METRICS: a login without team keeps the last known team, so the team outlives the session.
            if (agent.Team != 0)
            {
                _lastTeam[Key(agent.Tenant, agent.Agent)] = agent.Team;
            }

            _agents.Remove(agent.Agent, agent);
            if (agent.OwnLeg is { Agent: null } own)
            {
                // Leg ids are not reused: the evicted agent's leg goes to the pool rather than away.
                _legPool.Push(own);
            }
            Counters.AgentsEvicted++;
        }
    }

    private bool IsIdle() => _open.Count == 0 && _wrapTimers.Count == 0 && !_agentWindows.HasPending && !_queueWindows.HasPending;

    private void CloseGranule(long boundary, bool final)
    {
        if (boundary >= _nextIdleScan)
        {
            EvictIdle(boundary);
            _nextIdleScan = boundary + Math.Max(_idleTimeoutNs / 4, _granuleNs);
        }

        foreach (var agent in _open)
        {
            FlushAgent(agent, boundary);
        }

        var granuleStart = boundary - _granuleNs;
        _agentWindows.Fold(granuleStart);
        _queueWindows.Fold(granuleStart);
        _emitted.Clear();
        for (var i = 0; i < _specs.Length; i++)
        {
            if (boundary % _specs[i].StepNs == 0)
            {
                EmitFamily(i, boundary, final);
            }
        }

        Deliver();
    }

    private void EmitFamily(int family, long end, bool final)
    {
        var result = _results[family];
        result.Reset(_specs[family], end, final);
        var agentVisitor = new AgentCollector(result.Agents, _agentSeriesKeys);
        _agentWindows.Emit(family, end, ref agentVisitor);
        var queueVisitor = new QueueCollector(result.Queues, _queueSeriesKeys);
        _queueWindows.Emit(family, end, ref queueVisitor);
        if (result.LineCount > 0)
        {
            result.RollUp();
            _emitted.Add(result);
        }
    }

    private void Deliver()
    {
        if (_emitted.Count > 0)
        {
            _sink.OnWindows(_emitted);
            _emitted.Clear();
        }
    }

    // ---- calls ------------------------------------------------------------------------------

    private void OnArrived(in CanonicalEvent e, long t)
    {
        if (_calls.Get(e.Tenant, e.Call) is { } known)
        {
            known.LastSeen = t;
            Counters.Count(Anomaly.ArrivedTwice);
            return;
        }

        var call = NewCall(e.Tenant, e.Call, t);
        call.Phase = CallPhase.Ivr;
    }

    private void OnQueued(in CanonicalEvent e, long t)
    {
        var call = GetOrStartCall(e.Tenant, e.Call, t);
        if (call.Connected is { } leg)
        {
            // METRICS: call.queued while connected ends the connection (to wrap).
            EndConnection(leg, t, transfer: false);
        }

        // METRICS: call.queued while already queued ends the earlier visit with no outcome.
        var series = QueueSeries(e.Tenant, e.Queue);
        call.Phase = CallPhase.Queued;
        call.VisitQueueSeries = series;
        call.VisitStart = t;
        _queueWindows.Current(series).Offered++;
    }

    private void OnAnswered(in CanonicalEvent e, long t)
    {
        var agent = GetOrCreateAgent(e.Tenant, e.Agent, t);
        var call = GetOrStartCall(e.Tenant, e.Call, t);
        if (call.Connected is { } connected)
        {
            if (connected.Agent == agent)
            {
                Counters.Count(Anomaly.AnsweredTwice);
                return;
            }

            // METRICS: an answer while another agent is connected ends that connection (to wrap; not a transfer).
            EndConnection(connected, t, transfer: false);
        }

        // METRICS: any call.answered by an agent ends all of that agent's wraps.
        EndWraps(agent, t);

        var legQueue = e.Queue != 0 ? QueueSeries(e.Tenant, e.Queue) : -1;
        if (call.Phase == CallPhase.Queued)
        {
            var wait = t - call.VisitStart;
            ref var queue = ref _queueWindows.Current(call.VisitQueueSeries);
            queue.Answered++;
            queue.AnsweredWaitNs += wait;
            queue.AnsweredWithinThreshold += wait <= _serviceLevelNs ? 1 : 0;
            queue.ObserveWait(wait);
            if (legQueue < 0)
            {
                legQueue = call.VisitQueueSeries;
            }
        }
        else if (legQueue >= 0)
        {
            // METRICS: an answer with no open visit counts for the queue it names, with no wait.
            ref var queue = ref _queueWindows.Current(legQueue);
            queue.Answered++;
            queue.AnsweredWithinThreshold += 0 <= _serviceLevelNs ? 1 : 0;
            queue.ObserveWait(0);
        }

        if (!agent.LoggedIn)
        {
            Counters.Count(Anomaly.AnsweredWhileLoggedOut);
        }

        // The agent's own leg sits next to the agent in memory; a second concurrent leg comes from the pool.
        var leg = agent.OwnLeg is { Agent: null } own ? own : _legPool.Count > 0 ? _legPool.Pop() : NewLeg();
        leg.Agent = agent;
        leg.AgentSymbol = agent.Agent;
        leg.Series = agent.Series;
        leg.Call = e.Call;
        leg.ConnectedCall = call;
        leg.QueueSeries = legQueue;
        leg.Segment = LegSegment.Talk;
        leg.SegmentStart = t;
        leg.TalkNs = leg.HoldNs = leg.WrapNs = 0;
        agent.Legs.Add(leg);
        SetStatus(agent, t);

        call.Phase = CallPhase.Connected;
        call.Connected = leg;
        call.LastAgent = agent;
        call.VisitQueueSeries = -1;
    }

    private void OnHeld(in CanonicalEvent e, long t, bool hold)
    {
        if (_calls.Get(e.Tenant, e.Call) is not { } call)
        {
            Counters.Count(Anomaly.UnknownCall);
            return;
        }

        call.LastSeen = t;
        var leg = call.Connected;
        var expected = hold ? LegSegment.Talk : LegSegment.Hold;
        if (leg is null || leg.AgentSymbol != e.Agent || leg.Segment != expected)
        {
            Counters.Count(hold ? Anomaly.HeldNotTalking : Anomaly.RetrievedNotOnHold);
            return;
        }

        AccrueLeg(leg, t);
        leg.Segment = hold ? LegSegment.Hold : LegSegment.Talk;
    }

    private void OnTransferred(in CanonicalEvent e, long t)
    {
        if (_calls.Get(e.Tenant, e.Call) is not { } call)
        {
            Counters.Count(Anomaly.UnknownCall);
            return;
        }

        call.LastSeen = t;
        if (call.Connected is not { } leg || leg.AgentSymbol != e.Agent)
        {
            // METRICS: call.transferred by an agent who is not connected is ignored.
            Counters.Count(Anomaly.TransferNotConnected);
            return;
        }

        EndConnection(leg, t, transfer: true);
    }

    private void OnEnded(in CanonicalEvent e, long t)
    {
        if (_calls.Get(e.Tenant, e.Call) is not { } call)
        {
            Counters.Count(Anomaly.UnknownCall);
            return;
        }

        _calls.Remove(e.Call, call);

        if (call.Connected is { } leg)
        {
            if (e.Agent != 0 && leg.AgentSymbol != e.Agent)
            {
                Counters.Count(Anomaly.EndedByOtherAgent);
            }

            EndConnection(leg, t, transfer: false);
        }
        else if (call.Phase == CallPhase.Queued)
        {
            // METRICS: a call still waiting in a queue is abandoned; a short wait is a short abandon.
            var wait = t - call.VisitStart;
            ref var queue = ref _queueWindows.Current(call.VisitQueueSeries);
            if (wait < _shortAbandonNs)
            {
                queue.ShortAbandoned++;
            }
            else
            {
                queue.Abandoned++;
            }

            queue.ObserveWait(wait);
            _recentAbandons.Enqueue(new AbandonRecord(call.Tenant, call.Call, call.VisitQueueSeries, t, wait, wait < _shortAbandonNs));
            if (_recentAbandons.Count > RecentAbandonCapacity)
            {
                _recentAbandons.Dequeue();
            }
        }

        RotateEndedCalls(t);
        _endedCalls.Set(e.Tenant, e.Call, call.LastAgent);

        call.Connected = null;
        call.LastAgent = null;
        _callPool.Push(call);
    }

    private void OnWrapEnded(in CanonicalEvent e, long t)
    {
        if (_agents.Get(e.Tenant, e.Agent) is not { } agent)
        {
            Counters.Count(Anomaly.WrapEndedNotInWrap);
            return;
        }

        agent.LastSeen = t;
        for (var i = 0; i < agent.Legs.Count; i++)
        {
            var leg = agent.Legs[i];
            if (leg.Call == e.Call && leg.Segment == LegSegment.Wrap)
            {
                EndWrap(leg, t);
                return;
            }
        }

        Counters.Count(Anomaly.WrapEndedNotInWrap);
    }

    private void OnSurvey(in CanonicalEvent e, long t)
    {
        AgentSession? agent;
        if (e.Agent != 0)
        {
            agent = GetOrCreateAgent(e.Tenant, e.Agent, t);
        }
        else
        {
            agent = _calls.Get(e.Tenant, e.Call) is { } call ? call.LastAgent
                : _endedCalls.TryGet(e.Tenant, e.Call, out var ended) ? ended
                : _endedCallsPrevious.TryGet(e.Tenant, e.Call, out var previous) ? previous
                : null;
        }

        if (agent is null)
        {
            Counters.Count(Anomaly.SurveyWithoutAgent);
            return;
        }

        // An open agent's pending tally is added at its next flush; another's survey goes to the series now.
        _agentWindows.Touch(agent.Series);
        ref var tally = ref agent.OpenIndex >= 0 ? ref agent.Pending : ref _agentWindows.Current(agent.Series);
        tally.Surveys++;
        tally.ScoreSum += e.Score;
    }

    // ---- agents -----------------------------------------------------------------------------

    private void OnLogin(in CanonicalEvent e, long t)
    {
        var agent = GetOrCreateAgent(e.Tenant, e.Agent, t);
        if (e.Team != 0 && e.Team != agent.Team)
        {
            // METRICS: the team tag is the team when time accrues: close the old team's time first.
            FlushAgent(agent, t);
            agent.Team = e.Team;
            agent.Series = AgentSeries(agent.Tenant, agent.Agent, agent.Team);
            for (var i = 0; i < agent.Legs.Count; i++)
            {
                agent.Legs[i].Series = agent.Series;
            }
        }

        if (agent.LoggedIn)
        {
            Counters.Count(Anomaly.LoginWhileLoggedIn);
        }

        agent.LoggedIn = true;
        agent.Chosen = e.State;
        agent.Reason = e.Reason;
        SetStatus(agent, t);
    }

    private void OnState(in CanonicalEvent e, long t)
    {
        var agent = GetOrCreateAgent(e.Tenant, e.Agent, t);

        // METRICS: agent.state ends wrap even when the state does not change.
        EndWraps(agent, t);
        if (!agent.LoggedIn)
        {
            Counters.Count(Anomaly.StateWhileLoggedOut);
        }

        agent.Chosen = e.State;
        agent.Reason = e.Reason;
        SetStatus(agent, t);
    }

    private void OnLogout(in CanonicalEvent e, long t)
    {
        var agent = GetOrCreateAgent(e.Tenant, e.Agent, t);
        if (!agent.LoggedIn)
        {
            Counters.Count(Anomaly.LogoutWhileLoggedOut);
        }

        EndWraps(agent, t);
        for (var i = agent.Legs.Count - 1; i >= 0; i--)
        {
            var leg = agent.Legs[i];
            if (leg.IsConnected)
            {
                // METRICS: a logout during a connection ends the leg without wrap; handled at the logout.
                Counters.Count(Anomaly.LogoutDuringCall);
                AccrueLeg(leg, t);
                Detach(leg);
                CompleteLeg(leg, t);
            }
        }

        agent.LoggedIn = false;
        SetStatus(agent, t);
    }

    // ---- legs -------------------------------------------------------------------------------

    private void EndConnection(Leg leg, long t, bool transfer)
    {
        AccrueLeg(leg, t);
        Detach(leg);
        leg.Segment = LegSegment.Wrap;
        leg.WrapDeadline = t + _maxWrapNs;
        _wrapTimers.Enqueue((leg.WrapDeadline, leg, leg.Generation, leg.Id));
        if (transfer)
        {
            // The agent has a leg, so it is open: its pending tally is added at the next flush.
            _agentWindows.Touch(leg.Series);
            leg.Agent.Pending.Transfers++;
        }
    }

    private static void Detach(Leg leg)
    {
        if (leg.ConnectedCall is { } call && call.Connected == leg)
        {
            call.Connected = null;
            call.Phase = CallPhase.Detached;
        }

        leg.ConnectedCall = null;
    }

    private void EndWraps(AgentSession agent, long t)
    {
        for (var i = agent.Legs.Count - 1; i >= 0; i--)
        {
            if (i < agent.Legs.Count && agent.Legs[i].Segment == LegSegment.Wrap)
            {
                EndWrap(agent.Legs[i], t);
            }
        }
    }

    private void EndWrap(Leg leg, long t)
    {
        AccrueLeg(leg, t);
        CompleteLeg(leg, t);
    }

    /// <summary>The leg is handled at <paramref name="t"/>: its whole handle time counts once, here.</summary>
    private void CompleteLeg(Leg leg, long t)
    {
        var agent = leg.Agent;
        var handle = leg.TalkNs + leg.HoldNs + leg.WrapNs;
        _agentWindows.Touch(agent.Series);
        ref var tally = ref agent.Pending;
        tally.Handled++;
        tally.HandleNs += handle;
        MovePending(leg, ref tally);
        if (leg.QueueSeries >= 0)
        {
            ref var queue = ref _queueWindows.Current(leg.QueueSeries);
            queue.Handled++;
            queue.HandleNs += handle;
        }

        leg.Segment = LegSegment.Done;
        leg.Generation++;
        _legGenerations[leg.Id] = leg.Generation;
        agent.Legs.Remove(leg);
        SetStatus(agent, t);
        leg.Agent = null!;
        leg.ConnectedCall = null;
        if (!ReferenceEquals(leg, agent.OwnLeg))
        {
            _legPool.Push(leg);
        }
    }

    private void FireWrapTimers(long limit, bool inclusive)
    {
        while (_wrapTimers.Count > 0)
        {
            var (deadline, leg, generation, id) = _wrapTimers.Peek();
            if (deadline > limit || (deadline == limit && !inclusive))
            {
                return;
            }

            _wrapTimers.Dequeue();
            if (_legGenerations[id] == generation && leg.Segment == LegSegment.Wrap)
            {
                // Boundaries at or before the deadline are already closed: AdvanceTo fires timers in order.
                Counters.WrapTimeouts++;
                EndWrap(leg, deadline);
            }
        }
    }

    // ---- accrual ------------------------------------------------------------------------------

    private void AccrueLeg(Leg leg, long t)
    {
        var d = t - leg.SegmentStart;
        leg.SegmentStart = t;
        if (d <= 0)
        {
            return;
        }

        _agentWindows.Touch(leg.Series);
        switch (leg.Segment)
        {
            case LegSegment.Talk:
                leg.PendingTalkNs += d;
                leg.TalkNs += d;
                break;
            case LegSegment.Hold:
                leg.PendingHoldNs += d;
                leg.HoldNs += d;
                break;
            case LegSegment.Wrap:
                leg.PendingWrapNs += d;
                leg.WrapNs += d;
                break;
            default:
                break;
        }
    }

    private void AccrueStatus(AgentSession agent, long t)
    {
        var d = t - agent.StatusSince;
        agent.StatusSince = t;
        if (d <= 0 || agent.Status == AgentStatus.LoggedOut)
        {
            return;
        }

        _agentWindows.Touch(agent.Series);
        ref var tally = ref agent.Pending;
        switch (agent.Status)
        {
            case AgentStatus.Busy: tally.BusyNs += d; break;
            case AgentStatus.Available: tally.AvailableNs += d; break;
            case AgentStatus.NotReady: tally.NotReadyNs += d; break;
            default: break;
        }
    }

    private void FlushAgent(AgentSession agent, long t)
    {
        AccrueStatus(agent, t);
        for (var i = 0; i < agent.Legs.Count; i++)
        {
            AccrueLeg(agent.Legs[i], t);
        }

        AddPending(agent);
    }

    /// <summary>Adds what the agent and its legs accrued since the last time to the series' current tally.</summary>
    private void AddPending(AgentSession agent)
    {
        for (var i = 0; i < agent.Legs.Count; i++)
        {
            MovePending(agent.Legs[i], ref agent.Pending);
        }

        if (agent.Pending.HasActivity)
        {
            // The series was touched when the amounts accrued (this granule), so this changes no order.
            _agentWindows.Current(agent.Series).Add(agent.Pending);
            agent.Pending = default;
        }
    }

    private static void MovePending(Leg leg, ref AgentTally tally)
    {
        tally.TalkNs += leg.PendingTalkNs;
        tally.HoldNs += leg.PendingHoldNs;
        tally.WrapNs += leg.PendingWrapNs;
        leg.PendingTalkNs = leg.PendingHoldNs = leg.PendingWrapNs = 0;
    }

    private void SetStatus(AgentSession agent, long t)
    {
        var status = agent.ComputeStatus();
        if (status != agent.Status)
        {
            AccrueStatus(agent, t);
            agent.Status = status;
            agent.StatusSince = t;
            agent.StatusStarted = t;
        }

        if (agent.IsOpen && agent.OpenIndex < 0)
        {
            agent.OpenIndex = _open.Count;
            _open.Add(agent);
        }
        else if (!agent.IsOpen && agent.OpenIndex >= 0)
        {
            AddPending(agent);
            var last = _open[^1];
            _open[agent.OpenIndex] = last;
            last.OpenIndex = agent.OpenIndex;
            _open.RemoveAt(_open.Count - 1);
            agent.OpenIndex = -1;
        }
    }

    // ---- lookup -----------------------------------------------------------------------------

    private static long Key(int tenant, int symbol) => ((long)tenant << 32) | (uint)symbol;

    private CallSession GetOrStartCall(int tenant, int symbol, long t)
    {
        if (_calls.Get(tenant, symbol) is { } known)
        {
            known.LastSeen = t;
            return known;
        }

        // EVENTS: the first event of an unknown call starts it (inbound, no IVR time).
        var call = NewCall(tenant, symbol, t);
        call.Phase = CallPhase.Detached;
        return call;
    }

    private CallSession NewCall(int tenant, int symbol, long t)
    {
        var call = _callPool.Count > 0 ? _callPool.Pop() : new CallSession();
        call.Tenant = tenant;
        call.Call = symbol;
        call.Phase = CallPhase.Ivr;
        call.VisitQueueSeries = -1;
        call.VisitStart = 0;
        call.Connected = null;
        call.LastAgent = null;
        call.LastSeen = t;
        _calls.Add(symbol, call);
        return call;
    }

    private Leg NewLeg()
    {
        if (_legCount == _legGenerations.Length)
        {
            Array.Resize(ref _legGenerations, _legCount * 2);
        }

        return new Leg { Id = _legCount++ };
    }

    private AgentSession GetOrCreateAgent(int tenant, int symbol, long t)
    {
        var agent = _agents.Get(tenant, symbol);
        if (agent is null)
        {
            var team = _lastTeam.GetValueOrDefault(Key(tenant, symbol));
            agent = new AgentSession { Tenant = tenant, Agent = symbol, Team = team };
            agent.OwnLeg = NewLeg(); // allocated right after the agent, so usually next to it
            agent.Series = AgentSeries(tenant, symbol, team);
            agent.StatusSince = t;
            _agents.Add(symbol, agent);
        }

        agent.LastSeen = t;
        return agent;
    }

    private int AgentSeries(int tenant, int agent, int team)
    {
        if (!_agentSeriesIndex.TryGetValue((tenant, agent, team), out var series))
        {
            series = _agentWindows.AddSeries();
            _agentSeriesIndex.Add((tenant, agent, team), series);
            _agentSeriesKeys.Add((tenant, agent, team));
        }

        return series;
    }

    private int QueueSeries(int tenant, int queue)
    {
        var key = Key(tenant, queue);
        if (!_queueSeriesIndex.TryGetValue(key, out var series))
        {
            series = _queueWindows.AddSeries();
            _queueSeriesIndex.Add(key, series);
            _queueSeriesKeys.Add((tenant, queue));
        }

        return series;
    }

    private void RotateEndedCalls(long t)
    {
        // Two generations: an ended call is remembered for surveys between one and two retention periods.
        if (_endedRotateAt == long.MinValue)
        {
            _endedRotateAt = t + _surveyRetentionNs;
        }
        else if (t >= _endedRotateAt)
        {
            // The oldest generation ended at least one retention ago: forget those calls and their ids.
            foreach (var key in _endedCallsPrevious.Keys)
            {
                if (_calls.Get((int)(key >> 32), (int)key) is null && !_endedCalls.Contains(key))
                {
                    _releaseSymbol?.Invoke((int)key);
                }
            }

            (_endedCallsPrevious, _endedCalls) = (_endedCalls, _endedCallsPrevious);
            _endedCalls.Clear();
            _endedRotateAt = t + _surveyRetentionNs;
        }
    }

    // ---- live views -----------------------------------------------------------------------------

    /// <summary>Every known agent as it is now, names resolved with <paramref name="symbols"/>.</summary>
    public List<Live.AgentView> Agents(SymbolTable symbols)
    {
        var views = new List<Live.AgentView>(_agents.Count);
        foreach (var agent in _agents.Values)
        {
            var activity = agent.Legs.Count == 0 ? string.Empty : agent.Legs.Last.Segment switch
            {
                LegSegment.Talk => "talk",
                LegSegment.Hold => "hold",
                LegSegment.Wrap => "wrap",
                _ => string.Empty,
            };
            views.Add(new Live.AgentView(
                symbols[agent.Tenant], symbols[agent.Agent], symbols[agent.Team], agent.Status, agent.StatusStarted, activity, symbols[agent.Reason]));
        }

        return views;
    }

    /// <summary>Calls waiting in a queue now.</summary>
    public List<Live.WaitingCallView> WaitingCalls(SymbolTable symbols)
    {
        var views = new List<Live.WaitingCallView>();
        foreach (var call in _calls.Values)
        {
            if (call.Phase == CallPhase.Queued)
            {
                var (_, queue) = _queueSeriesKeys[call.VisitQueueSeries];
                views.Add(new Live.WaitingCallView(symbols[call.Tenant], Decoding.EventDecoder.CallName(symbols[call.Call]), symbols[queue], call.VisitStart));
            }
        }

        return views;
    }

    /// <summary>The most recent abandons (up to 200), oldest first.</summary>
    public List<Live.AbandonView> RecentAbandons(SymbolTable symbols) =>
        [.. _recentAbandons.Select(a => new Live.AbandonView(symbols[a.Tenant], Decoding.EventDecoder.CallName(symbols[a.Call]), symbols[_queueSeriesKeys[a.QueueSeries].Queue], a.At, a.WaitNs, a.IsShort))];

    private readonly record struct AbandonRecord(int Tenant, int Call, int QueueSeries, long At, long WaitNs, bool IsShort);

    // ---- snapshots ----------------------------------------------------------------------------

    /// <summary>Writes the whole state: clock, series, windows, agents with their legs, calls, timers.</summary>
    internal void WriteTo(Snapshots.SnapshotWriter w)
    {
        // Pending amounts are not written: they go to the current tallies first, where they would have been.
        foreach (var agent in _open)
        {
            AddPending(agent);
        }

        w.Bool(_started);
        w.Long(_nextBoundary);
        w.Long(_now);
        w.Long(_endedRotateAt);
        w.Long(Counters.EventsApplied);
        w.Long(Counters.WrapTimeouts);
        w.Count(Counters.Anomalies.Length);
        foreach (var count in Counters.Anomalies)
        {
            w.Long(count);
        }

        w.Count(_agentSeriesKeys.Count);
        foreach (var (tenant, agent, team) in _agentSeriesKeys)
        {
            w.Symbol(tenant);
            w.Symbol(agent);
            w.Symbol(team);
        }

        w.Count(_queueSeriesKeys.Count);
        foreach (var (tenant, queue) in _queueSeriesKeys)
        {
            w.Symbol(tenant);
            w.Symbol(queue);
        }

        _agentWindows.WriteTo(w);
        _queueWindows.WriteTo(w);

        // Agents in a fixed order, each with its legs; everything else refers to (agent number, leg number).
        var agents = _agents.Values.ToList();
        var agentNumber = new Dictionary<AgentSession, int>(ReferenceEqualityComparer.Instance);
        w.Count(agents.Count);
        foreach (var agent in agents)
        {
            agentNumber.Add(agent, agentNumber.Count);
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
                w.Long(leg.WrapDeadline);
            }
        }

        w.Count(_calls.Count);
        foreach (var call in _calls.Values)
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

        foreach (var ended in new[] { _endedCalls, _endedCallsPrevious })
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

        w.Long(_nextIdleScan);
        w.Long(Counters.AgentsEvicted);
        w.Count(_lastTeam.Count);
        foreach (var (key, team) in _lastTeam)
        {
            w.Symbol((int)(key >> 32));
            w.Symbol((int)key);
            w.Symbol(team);
        }

        // Only live timers: a leg still in wrap whose generation matches.
        var live = _wrapTimers.Where(t => t.Leg.Generation == t.Generation && t.Leg.Segment == LegSegment.Wrap && t.Leg.Agent is not null).ToList();
        w.Count(live.Count);
        foreach (var (deadline, leg, _, _) in live)
        {
            w.Long(deadline);
            WriteLegRef(w, leg, agentNumber);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into a new sessionizer with the same options.</summary>
    internal void ReadFrom(Snapshots.SnapshotReader r)
    {
        _started = r.Bool();
        _nextBoundary = r.Long();
        _now = r.Long();
        _endedRotateAt = r.Long();
        Counters.EventsApplied = r.Long();
        Counters.WrapTimeouts = r.Long();
        var anomalies = r.Count();
        for (var i = 0; i < anomalies; i++)
        {
            var count = r.Long();
            if (i < Counters.Anomalies.Length)
            {
                Counters.Anomalies[i] = count;
            }
        }

        var agentSeries = r.Count();
        for (var i = 0; i < agentSeries; i++)
        {
            var key = (r.Symbol(), r.Symbol(), r.Symbol());
            _agentSeriesIndex.Add(key, i);
            _agentSeriesKeys.Add(key);
        }

        var queueSeries = r.Count();
        for (var i = 0; i < queueSeries; i++)
        {
            var (tenant, queue) = (r.Symbol(), r.Symbol());
            _queueSeriesIndex.Add(Key(tenant, queue), i);
            _queueSeriesKeys.Add((tenant, queue));
        }

        _agentWindows.ReadFrom(r);
        _queueWindows.ReadFrom(r);

        var agents = new List<AgentSession>();
        var agentCount = r.Count();
        for (var i = 0; i < agentCount; i++)
        {
            var agent = new AgentSession { Tenant = r.Symbol(), Agent = r.Symbol(), Team = r.Symbol() };
            agent.Series = r.Count();
            agent.LoggedIn = r.Bool();
            agent.Chosen = (AgentChosenState)r.Byte();
            agent.Status = (AgentStatus)r.Byte();
            agent.StatusSince = r.Long();
            agent.StatusStarted = r.Long();
            agent.Reason = r.Symbol();
            agent.LastSeen = r.Long();
            var open = r.Bool();
            var legs = r.Count();
            for (var j = 0; j < legs; j++)
            {
                var leg = NewLeg();
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
                leg.WrapDeadline = r.Long();
                agent.Legs.Add(leg);
            }

            if (open)
            {
                agent.OpenIndex = _open.Count;
                _open.Add(agent);
            }

            agents.Add(agent);
            _agents.Add(agent.Agent, agent);
        }

        var calls = r.Count();
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
            _calls.Add(call.Call, call);
        }

        foreach (var ended in new[] { _endedCalls, _endedCallsPrevious })
        {
            var count = r.Count();
            for (var i = 0; i < count; i++)
            {
                var (tenant, call) = (r.Symbol(), r.Symbol());
                var number = r.Int();
                ended.Set(tenant, call, number < 0 ? null : agents[number]);
            }
        }

        _nextIdleScan = r.Long();
        Counters.AgentsEvicted = r.Long();
        var lastTeams = r.Count();
        for (var i = 0; i < lastTeams; i++)
        {
            var key = Key(r.Symbol(), r.Symbol());
            _lastTeam[key] = r.Symbol();
        }

        var timers = r.Count();
        for (var i = 0; i < timers; i++)
        {
            var deadline = r.Long();
            var leg = ReadLegRef(r, agents)!;
            _wrapTimers.Enqueue((deadline, leg, leg.Generation, leg.Id));
        }
    }

    private static void WriteLegRef(Snapshots.SnapshotWriter w, Leg? leg, Dictionary<AgentSession, int> agentNumber)
    {
        if (leg?.Agent is null)
        {
            w.Int(-1);
            return;
        }

        w.Int(agentNumber[leg.Agent]);
        w.Count(leg.Agent.Legs.IndexOf(leg));
    }

    private static Leg? ReadLegRef(Snapshots.SnapshotReader r, List<AgentSession> agents)
    {
        var agent = r.Int();
        return agent < 0 ? null : agents[agent].Legs[r.Count()];
    }

    private readonly struct AgentCollector(List<AgentLine> lines, List<(int Tenant, int Agent, int Team)> keys) : ISeriesVisitor<AgentTally>
    {
        public void Visit(int series, in AgentTally tally)
        {
            var (tenant, agent, team) = keys[series];
            lines.Add(new AgentLine(tenant, agent, team, tally));
        }
    }

    private readonly struct QueueCollector(List<QueueLine> lines, List<(int Tenant, int Queue)> keys) : ISeriesVisitor<QueueTally>
    {
        public void Visit(int series, in QueueTally tally)
        {
            var (tenant, queue) = keys[series];
            lines.Add(new QueueLine(tenant, queue, tally));
        }
    }
}
