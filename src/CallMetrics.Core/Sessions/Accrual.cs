using CallMetrics.Core.Options;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Puts time and counts into the tallies of the right windows. Time accrues lazily: an agent's status and
/// each leg's segment remember since when they run, and the time is added when they change and whenever
/// the agent is flushed (at every granule boundary, for every open agent), so no accrual spans a boundary.
/// Counts go to the granule that contains the instant they complete (METRICS.md "Windows and attribution").
/// </summary>
/// <remarks>
/// An open agent's amounts go first to its <see cref="AgentSession.Pending"/> tally, which sits in the agent's
/// cache lines, and reach the series' tally (a cache miss at 100k agents) once per flush.
/// </remarks>
internal sealed class Accrual
{
    private readonly SeriesWindows<AgentTally> _agentWindows;
    private readonly SeriesWindows<QueueTally> _queueWindows;
    private readonly SeriesTallies _tallies;
    private readonly long _serviceLevelNs;
    private readonly long _shortAbandonNs;

    /// <summary>Creates the accrual into <paramref name="tallies"/>.</summary>
    public Accrual(SeriesTallies tallies, long serviceLevelNs, long shortAbandonNs)
    {
        _agentWindows = tallies.Agents;
        _queueWindows = tallies.Queues;
        _tallies = tallies;
        _serviceLevelNs = serviceLevelNs;
        _shortAbandonNs = shortAbandonNs;
    }

    /// <summary>Logged-in agents by activity per team and tenant, moved by every <see cref="UpdateStatus"/>.</summary>
    public AgentStateCounters States { get; } = new();

    /// <summary>
    /// The open agents (logged in or with a leg): those whose time runs. Each knows its position
    /// (<see cref="AgentSession.OpenIndex"/>). Checkpointed as a flag per agent, in the agents' order.
    /// </summary>
    public List<AgentSession> Open { get; } = [];

    // ---- time ----------------------------------------------------------------------------------

    /// <summary>Accrues the leg's current segment up to <paramref name="t"/>.</summary>
    public void AccrueLeg(Leg leg, long t)
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

    /// <summary>Accrues the agent's status and every leg up to <paramref name="t"/> and adds it all to the series' tally.</summary>
    public void FlushAgent(AgentSession agent, long t)
    {
        AccrueStatus(agent, t);
        for (var i = 0; i < agent.Legs.Count; i++)
        {
            AccrueLeg(agent.Legs[i], t);
        }

        AddPending(agent);
    }

    /// <summary>Flushes every open agent up to <paramref name="t"/>.</summary>
    public void FlushOpen(long t)
    {
        foreach (var agent in Open)
        {
            FlushAgent(agent, t);
        }
    }

    /// <summary>Adds what every open agent accrued and has not yet added to the series' tallies (no time accrues).</summary>
    public void AddAllPending()
    {
        foreach (var agent in Open)
        {
            AddPending(agent);
        }
    }

    /// <summary>
    /// The time every open agent has run since its last accrual up to <paramref name="upTo"/>, by series,
    /// without accruing it: what a provisional window adds to the tallies.
    /// </summary>
    public Dictionary<int, AgentTally> PeekOpenTime(long upTo)
    {
        var extra = new Dictionary<int, AgentTally>();
        foreach (var agent in Open)
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

        return extra;
    }

    /// <summary>
    /// Brings the agent's status up to date at <paramref name="t"/>: time in the old status accrues up to
    /// <paramref name="t"/>; an agent that starts or stops running time joins or leaves <see cref="Open"/>.
    /// </summary>
    public void UpdateStatus(AgentSession agent, long t)
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
            agent.OpenIndex = Open.Count;
            Open.Add(agent);
        }
        else if (!agent.IsOpen && agent.OpenIndex >= 0)
        {
            AddPending(agent);
            var last = Open[^1];
            Open[agent.OpenIndex] = last;
            last.OpenIndex = agent.OpenIndex;
            Open.RemoveAt(Open.Count - 1);
            agent.OpenIndex = -1;
        }

        States.Update(agent);
    }

    /// <summary>Puts a restored open agent back on <see cref="Open"/>, in snapshot order.</summary>
    public void RestoreOpen(AgentSession agent)
    {
        agent.OpenIndex = Open.Count;
        Open.Add(agent);
    }

    /// <summary>A call of <paramref name="tenant"/> repeats at least one contact (<c>repeat_calls</c>).</summary>
    public void RepeatCall(int tenant) => _tallies.Tenants.Current(_tallies.TenantSeries(tenant)).RepeatCalls++;

    // ---- counts --------------------------------------------------------------------------------

    /// <summary>A call entered the queue of <paramref name="queueSeries"/>.</summary>
    public void Offered(int queueSeries) => _queueWindows.Current(queueSeries).Offered++;

    /// <summary>A call waiting in the queue of <paramref name="queueSeries"/> was answered after <paramref name="wait"/>.</summary>
    public void Answered(int queueSeries, long wait)
    {
        ref var queue = ref _queueWindows.Current(queueSeries);
        queue.Answered++;
        queue.AnsweredWaitNs += wait;
        queue.AnsweredWithinThreshold += wait <= _serviceLevelNs ? 1 : 0;
        queue.ObserveWait(wait);
        Samples.Add(ref queue.WaitValues, wait);
    }

    /// <summary>An answer with no open visit that names the queue of <paramref name="queueSeries"/>: answered, with no wait.</summary>
    public void AnsweredWithoutVisit(int queueSeries)
    {
        // METRICS: an answer with no open visit counts for the queue it names, with no wait.
        ref var queue = ref _queueWindows.Current(queueSeries);
        queue.Answered++;
        queue.AnsweredWithinThreshold += 0 <= _serviceLevelNs ? 1 : 0;
        queue.ObserveWait(0);
        Samples.Add(ref queue.WaitValues, 0);
    }

    /// <summary>A caller hung up after waiting <paramref name="wait"/> in the queue; true when it is a short abandon.</summary>
    public bool Abandoned(int queueSeries, long wait)
    {
        // METRICS: a call still waiting in a queue is abandoned; a short wait is a short abandon.
        ref var queue = ref _queueWindows.Current(queueSeries);
        var isShort = wait < _shortAbandonNs;
        if (isShort)
        {
            queue.ShortAbandoned++;
        }
        else
        {
            queue.Abandoned++;
        }

        queue.ObserveWait(wait);
        return isShort;
    }

    /// <summary>The agent of <paramref name="leg"/> transferred its call.</summary>
    public void Transferred(Leg leg)
    {
        // The agent has a leg, so it is open: its pending tally is added at the next flush.
        _agentWindows.Touch(leg.Series);
        leg.Agent.Pending.Transfers++;
    }

    /// <summary>The leg is handled: its whole handle time counts once, now, for its agent and for its queue.</summary>
    public void Handled(Leg leg)
    {
        var agent = leg.Agent;
        var handle = leg.TalkNs + leg.HoldNs + leg.WrapNs;
        _agentWindows.Touch(agent.Series);
        ref var tally = ref agent.Pending;
        tally.Handled++;
        tally.HandleNs += handle;
        tally.Outcomes.Count(leg.Outcome, leg.Dispositioned, leg.EscalatedByQueue);
        Samples.Add(ref tally.HandleValues, handle);
        MovePending(leg, ref tally);
        if (leg.QueueSeries >= 0)
        {
            ref var queue = ref _queueWindows.Current(leg.QueueSeries);
            queue.Handled++;
            queue.HandleNs += handle;
            queue.Outcomes.Count(leg.Outcome, leg.Dispositioned, leg.EscalatedByQueue);
            Samples.Add(ref queue.HandleValues, handle);
        }

        // METRICS: a call type's legs count whole at wrap end (talk, hold and wrap not split at boundaries).
        ref var type = ref _tallies.CallTypes.Current(_tallies.CallTypeSeries(agent.Tenant, leg.CallType));
        type.Handled++;
        type.HandleNs += handle;
        type.TalkNs += leg.TalkNs;
        type.HoldNs += leg.HoldNs;
        type.WrapNs += leg.WrapNs;
        type.Outcomes.Count(leg.Outcome, leg.Dispositioned, leg.EscalatedByQueue);
        Samples.Add(ref type.HandleValues, handle);
    }

    /// <summary>
    /// A leg of <paramref name="agent"/> handled at the current ts without a disposition (another event of that ts ended
    /// its wrap) gets the disposition of its <c>wrap.ended</c> of that same ts: what that adds to its outcome counts.
    /// </summary>
    public void AddOutcome(AgentSession agent, int queueSeries, int callType, OutcomeClass outcome, bool escalatedByQueue)
    {
        var added = default(OutcomeTally);
        added.Count(outcome, dispositioned: true, escalatedByQueue);
        if (escalatedByQueue)
        {
            // METRICS: escalated once; the leg already counted as escalated by its queue.
            added.Escalated--;
        }

        _agentWindows.Touch(agent.Series);
        ref var tally = ref agent.OpenIndex >= 0 ? ref agent.Pending : ref _agentWindows.Current(agent.Series);
        tally.Outcomes.Add(added);
        if (queueSeries >= 0)
        {
            _queueWindows.Current(queueSeries).Outcomes.Add(added);
        }

        _tallies.CallTypes.Current(_tallies.CallTypeSeries(agent.Tenant, callType)).Outcomes.Add(added);
    }

    /// <summary>A survey with <paramref name="score"/> for <paramref name="agent"/>, of a call of <paramref name="callType"/>.</summary>
    public void Survey(AgentSession agent, long score, int callType)
    {
        ref var type = ref _tallies.CallTypes.Current(_tallies.CallTypeSeries(agent.Tenant, callType));
        type.Surveys++;
        type.ScoreSum += score;

        // An open agent's pending tally is added at its next flush; another's survey goes to the series now.
        _agentWindows.Touch(agent.Series);
        ref var tally = ref agent.OpenIndex >= 0 ? ref agent.Pending : ref _agentWindows.Current(agent.Series);
        tally.Surveys++;
        tally.ScoreSum += score;
    }

    private static void MovePending(Leg leg, ref AgentTally tally)
    {
        tally.TalkNs += leg.PendingTalkNs;
        tally.HoldNs += leg.PendingHoldNs;
        tally.WrapNs += leg.PendingWrapNs;
        leg.PendingTalkNs = leg.PendingHoldNs = leg.PendingWrapNs = 0;
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
            agent.Pending.Clear(); // keeps the handle-time buffer for the agent's next legs
        }
    }
}
