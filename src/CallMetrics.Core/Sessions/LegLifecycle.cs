using System.Runtime.CompilerServices;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// One agent's part of a call from answer to handled: talk and hold while connected, then wrap until
/// <c>wrap.ended</c>, the agent's next answer or state, or the max_wrap deadline (a timer), then completion,
/// where the leg's handle time counts once.
/// </summary>
internal sealed class LegLifecycle
{
    private readonly SessionStore _store;
    private readonly Accrual _accrual;
    private readonly SessionCounters _counters;
    private readonly long _maxWrapNs;
    private readonly OutcomeClassifier _outcomes;

    // Checkpointed (the live ones): when each wrap ends by itself, in deadline order. A timer whose leg has moved on
    // stays until its deadline and is then found stale.
    private readonly Queue<(long Deadline, Leg Leg, int Generation, int LegId)> _wrapTimers = new();

    // The wraps another event ended at the current ts, until event time moves on (not checkpointed: a checkpoint
    // between two events of one ts forgets them, and a wrap.ended of one then counts as not in wrap).
    private readonly List<EndedWrap> _wrapsEndedAtNow = [];

    // The first timer's deadline (long.MaxValue when none), so the check made for every event reads one field.
    private long _firstDeadline = long.MaxValue;

    /// <summary>Creates the lifecycle; wraps end by themselves <paramref name="maxWrapNs"/> after the connection.</summary>
    public LegLifecycle(SessionStore store, Accrual accrual, SessionCounters counters, long maxWrapNs, OutcomeClassifier outcomes)
    {
        _outcomes = outcomes;
        _store = store;
        _accrual = accrual;
        _counters = counters;
        _maxWrapNs = maxWrapNs;
    }

    /// <summary>How long a wrap lasts at most (max_wrap), in nanoseconds.</summary>
    public long MaxWrapNs => _maxWrapNs;

    /// <summary>Wrap timers queued, live or stale.</summary>
    public int TimerCount => _wrapTimers.Count;

    /// <summary>
    /// <paramref name="agent"/> answers <paramref name="call"/> at <paramref name="t"/>: a new leg in talk, credited to
    /// <paramref name="queueSeries"/> (-1 for none), connected to the call. The agent's status follows.
    /// </summary>
    public Leg Start(AgentSession agent, CallSession call, int queueSeries, long t)
    {
        var leg = _store.RentLeg(agent);
        leg.Agent = agent;
        leg.AgentSymbol = agent.Agent;
        leg.Series = agent.Series;
        leg.Call = call.Call;
        leg.ConnectedCall = call;
        leg.QueueSeries = queueSeries;
        leg.Segment = LegSegment.Talk;
        leg.SegmentStart = t;
        leg.SegmentStarted = t;
        leg.TalkNs = leg.HoldNs = leg.WrapNs = 0;
        leg.CallType = call.CallType;
        leg.Outcome = Options.OutcomeClass.None;
        leg.Dispositioned = false;
        leg.EscalatedByQueue = false;
        agent.Legs.Add(leg);
        _accrual.UpdateStatus(agent, t);
        return leg;
    }

    /// <summary>The connection ends at <paramref name="t"/>: the leg goes to wrap until max_wrap at the latest.</summary>
    public void EndConnection(Leg leg, long t, bool transfer)
    {
        _accrual.AccrueLeg(leg, t);
        Detach(leg);
        leg.Segment = LegSegment.Wrap;
        leg.SegmentStarted = t;
        AddTimer(t + _maxWrapNs, leg);

        // On a call to in wrap: the status (busy) stays, the state series' activity moves.
        _accrual.UpdateStatus(leg.Agent, t);
        if (transfer)
        {
            _accrual.Transferred(leg);
        }
    }

    /// <summary>A connected leg ends at <paramref name="t"/> with no wrap (its agent logged out): handled now.</summary>
    public void EndWithoutWrap(Leg leg, long t)
    {
        _accrual.AccrueLeg(leg, t);
        Detach(leg);
        Complete(leg, t);
    }

    /// <summary>Every wrap of <paramref name="agent"/> ends at <paramref name="t"/>.</summary>
    public void EndWraps(AgentSession agent, long t)
    {
        ForgetWrapsEndedBefore(t);
        for (var i = agent.Legs.Count - 1; i >= 0; i--)
        {
            if (i < agent.Legs.Count && agent.Legs[i].Segment == LegSegment.Wrap)
            {
                var leg = agent.Legs[i];
                _wrapsEndedAtNow.Add(new EndedWrap(agent.Tenant, agent.Agent, leg.Call, t, leg.QueueSeries, leg.CallType, leg.EscalatedByQueue));
                EndWrap(leg, t);
            }
        }
    }

    /// <summary>Applies <c>wrap.ended</c>: the agent's wrap of that call ends.</summary>
    public void OnWrapEnded(in CanonicalEvent e, long t)
    {
        if (_store.Agents.Get(e.Tenant, e.Agent) is not { } agent)
        {
            _counters.Count(Anomaly.WrapEndedNotInWrap);
            return;
        }

        agent.LastSeen = t;
        for (var i = 0; i < agent.Legs.Count; i++)
        {
            var leg = agent.Legs[i];
            if (leg.Call == e.Call && leg.Segment == LegSegment.Wrap)
            {
                // METRICS: only a wrap ended by wrap.ended has a disposition.
                leg.Dispositioned = e.Disposition != 0;
                leg.Outcome = _outcomes.Classify(e.Disposition);
                EndWrap(leg, t);
                return;
            }
        }

        // METRICS: events with equal ts give the sorted input's result whatever partitions they came from; the
        // answer (or agent event) that ended this wrap at this very ts may come from another partition than this
        // wrap.ended, so the wrap.ended applied second still gives the leg its disposition, as applied first it would.
        ForgetWrapsEndedBefore(t);
        for (var i = 0; i < _wrapsEndedAtNow.Count; i++)
        {
            var ended = _wrapsEndedAtNow[i];
            if (ended.Call == e.Call && ended.Agent == e.Agent && ended.Tenant == e.Tenant)
            {
                _wrapsEndedAtNow.RemoveAt(i);
                if (e.Disposition != 0)
                {
                    _accrual.AddOutcome(agent, ended.QueueSeries, ended.CallType, _outcomes.Classify(e.Disposition), ended.EscalatedByQueue);
                }

                return;
            }
        }

        _counters.Count(Anomaly.WrapEndedNotInWrap);
    }

    private void ForgetWrapsEndedBefore(long t)
    {
        // Event time never goes back, so the wraps ended at an earlier ts are all stale at once.
        if (_wrapsEndedAtNow.Count > 0 && _wrapsEndedAtNow[^1].At < t)
        {
            _wrapsEndedAtNow.Clear();
        }
    }

    /// <summary>
    /// Ends the wraps whose deadline is before <paramref name="limit"/> (or at it, when <paramref name="inclusive"/>),
    /// each at its deadline, in deadline order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FireWrapTimers(long limit, bool inclusive)
    {
        if (_firstDeadline < limit || (inclusive && _firstDeadline == limit))
        {
            FireDue(limit, inclusive);
        }
    }

    /// <summary>The timers still due to end a wrap (their leg has not moved on), in deadline order.</summary>
    public List<(long Deadline, Leg Leg)> LiveTimers() =>
        [.. _wrapTimers.Where(t => t.Leg.Generation == t.Generation && t.Leg.Segment == LegSegment.Wrap && t.Leg.Agent is not null).Select(t => (t.Deadline, t.Leg))];

    /// <summary>Queues a restored timer, in snapshot order.</summary>
    public void RestoreTimer(long deadline, Leg leg) => AddTimer(deadline, leg);

    // Deadlines come in event-time order (connection end + max_wrap), so the queue is in deadline order.
    private void AddTimer(long deadline, Leg leg)
    {
        if (_wrapTimers.Count == 0)
        {
            _firstDeadline = deadline;
        }

        _wrapTimers.Enqueue((deadline, leg, leg.Generation, leg.Id));
    }

    private void FireDue(long limit, bool inclusive)
    {
        while (_wrapTimers.Count > 0)
        {
            var (deadline, leg, generation, id) = _wrapTimers.Peek();
            if (deadline > limit || (deadline == limit && !inclusive))
            {
                return;
            }

            _wrapTimers.Dequeue();
            _firstDeadline = _wrapTimers.Count > 0 ? _wrapTimers.Peek().Deadline : long.MaxValue;
            if (_store.IsCurrent(id, generation) && leg.Segment == LegSegment.Wrap)
            {
                // Boundaries at or before the deadline are already closed: AdvanceTo fires timers in order.
                _counters.WrapTimeouts++;
                EndWrap(leg, deadline);
            }
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

    private void EndWrap(Leg leg, long t)
    {
        _accrual.AccrueLeg(leg, t);
        Complete(leg, t);
    }

    /// <summary>The leg is handled at <paramref name="t"/>: its whole handle time counts once, here.</summary>
    private void Complete(Leg leg, long t)
    {
        var agent = leg.Agent;
        _accrual.Handled(leg);
        leg.Segment = LegSegment.Done;
        agent.Legs.Remove(leg);
        _accrual.UpdateStatus(agent, t);
        leg.Agent = null!;
        leg.ConnectedCall = null;
        _store.ReturnLeg(leg, agent);
    }

    private readonly record struct EndedWrap(int Tenant, int Agent, int Call, long At, int QueueSeries, int CallType, bool EscalatedByQueue);
}
