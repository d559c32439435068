using System.Diagnostics;
using System.Globalization;

namespace CallMetrics.Simulation;

/// <summary>
/// The calls' side of the simulation: Poisson arrivals that follow staffing (some of them callers calling again, some
/// outbound calls made by an idle agent), IVR, FIFO queues with caller patience, routing to the longest-idle skilled
/// agent, holds, transfers and escalations, the outcome of each leg, the end of the call, wrap and surveys.
/// </summary>
internal sealed class CallFlow
{
    private static readonly int[] ScoreWeightsPercent = [7, 8, 15, 30, 40];

    private readonly SimulationOptions _options;
    private readonly SimulatedCenter _center;
    private readonly StepScheduler _scheduler;
    private readonly SimulationRandom _random;
    private readonly SimulatedEventEmitter _emit;
    private readonly CustomerPool _customers;
    private readonly ArrivalProfile _profile;
    private readonly double _arrivalsPerMsAtMax;
    private readonly string _callIdPrefix;
    private long _callCount;
    private long _nextArrivalMs;

    public CallFlow(SimulationOptions options, double callsPerHour, SimulatedCenter center, StepScheduler scheduler, SimulationRandom random, SimulatedEventEmitter emit)
    {
        _options = options;
        _center = center;
        _scheduler = scheduler;
        _random = random;
        _emit = emit;
        _customers = new CustomerPool(options, callsPerHour, center.Tenants.Length, random);
        _callIdPrefix = string.Create(CultureInfo.InvariantCulture, $"call-{options.Seed}-");
        _profile = new ArrivalProfile(center.Agents.Select(a => a.ShiftOffsetMs).ToArray());
        _arrivalsPerMsAtMax = callsPerHour / ShiftPlan.Hour * _profile.Max;
        _nextArrivalMs = scheduler.StartMs;
    }

    private long Now => _scheduler.NowMs;

    /// <summary>Callbacks decided and not yet made (bounded by the calls of the last <see cref="SimulationOptions.RepeatDelayMax"/>).</summary>
    public int PendingCallbacks => _customers.PendingCallbacks;

    /// <summary>Schedules the next arrival: a non-homogeneous Poisson process thinned from the peak rate.</summary>
    public void ScheduleNextArrival()
    {
        // Candidates at the peak rate, kept with probability rate(t)/peak.
        var t = (double)_nextArrivalMs;
        while (true)
        {
            t += -Math.Log(1 - _random.NextDouble()) / _arrivalsPerMsAtMax;
            if (t >= _scheduler.EndMs)
            {
                return;
            }

            if (_random.NextDouble() * _profile.Max < _profile.At((long)t))
            {
                break;
            }
        }

        _nextArrivalMs = (long)t;
        _scheduler.Schedule(_nextArrivalMs, SimulationStepKind.Arrival, -1, null, 0);
    }

    public void Arrive()
    {
        ScheduleNextArrival();

        // A random agent's team receives the call, so each team's load is proportional to its size.
        var team = _center.Teams[_center.Agents[_random.Next(_center.Agents.Length)].Team];
        var skills = team.InboundSkills;
        var queue = skills.Length > 1 && _random.NextDouble() < 0.2 ? skills[_random.Next(1, skills.Length)] : skills[0];
        _callCount++;
        var call = new SimulatedCall(_callIdPrefix + _callCount.ToString(CultureInfo.InvariantCulture), team.Tenant, queue);
        Span<byte> caller = stackalloc byte[16];

        // Instead of this inbound call, an idle agent of the team may dial out (one who is idle has time for it).
        if (team.IdleHead is { } dialer && _random.Chance(_options.OutboundProbability))
        {
            call.Outbound = true;
            call.Customer = _customers.Any();
            _emit.CallArrived(call, caller[.._customers.Format(call.Customer, caller)]);
            Reserve(call, dialer);
            _scheduler.Schedule(Now + 5_000 + _random.Next(20_000), SimulationStepKind.OutboundAnswer, dialer.Index, call, 0);
            return;
        }

        call.Customer = _customers.NextInbound(team.Tenant, Now, out var callType);
        call.CallType = callType >= 0 ? callType : _random.Pick(CallTypeCatalog.InboundShares);
        _emit.CallArrived(call, caller[.._customers.Format(call.Customer, caller)]);
        _scheduler.Schedule(Now + _random.LogNormalMs(_options.MeanIvr, 0.5, 1000), SimulationStepKind.IvrEnd, -1, call, 0);
    }

    /// <summary>The customer picked up the outbound call: the dialing agent talks.</summary>
    public void AnswerOutbound(SimulatedCall call) => Connect(call, _center.Agents[call.Agent]);

    public void EndIvr(SimulatedCall call)
    {
        if (_random.NextDouble() < _options.IvrOnlyProbability)
        {
            EndCall(call, agent: null);
            return;
        }

        Enqueue(call, call.Queue);
    }

    public void Enqueue(SimulatedCall call, int queue)
    {
        call.Queue = queue;
        call.State = SimulatedCallState.Waiting;
        call.Visit++;
        call.QueuedAtMs = Now;
        _emit.CallQueued(call, queue);

        // Route to the longest-idle available agent among the teams with the skill.
        SimulatedAgent? best = null;
        foreach (var t in _center.Queues[queue].ServingTeams)
        {
            var head = _center.Teams[t].IdleHead;
            if (head is not null && (best is null || head.IdleSinceMs < best.IdleSinceMs))
            {
                best = head;
            }
        }

        if (best is not null)
        {
            Answer(call, best);
            return;
        }

        _center.Queues[queue].Enqueue(call);
        var patience = _random.NextDouble() < _options.ShortPatienceProbability
            ? 500 + _random.Next(4_400)
            : _random.ExponentialMs(_options.AbandonPatience);
        _scheduler.Schedule(Now + patience, SimulationStepKind.Abandon, -1, call, call.Visit);
    }

    public void Abandon(SimulatedCall call, int visit)
    {
        if (call.State != SimulatedCallState.Waiting || call.Visit != visit)
        {
            return; // answered (or requeued) before the caller's patience ran out
        }

        _center.Queues[call.Queue].Remove(call);
        EndCall(call, agent: null);
    }

    /// <summary>An agent just became available: take the longest-waiting call of the team's skills, or wait idle.</summary>
    public void OfferTo(SimulatedAgent agent)
    {
        var team = _center.Teams[agent.Team];
        SimulatedCall? best = null;
        foreach (var q in team.Skills)
        {
            var head = _center.Queues[q].Head;
            if (head is not null && (best is null || head.QueuedAtMs < best.QueuedAtMs))
            {
                best = head;
            }
        }

        if (best is not null)
        {
            _center.Queues[best.Queue].Remove(best);
            Answer(best, agent);
            return;
        }

        agent.IdleSinceMs = Now;
        team.AddIdle(agent);
    }

    public void Hold(SimulatedCall call, bool held) => _emit.CallHeld(call, held);

    public void EndConnection(SimulatedCall call)
    {
        var agent = _center.Agents[call.Agent];
        var tenantQueues = _center.TenantQueues[call.Tenant];
        var mayTransfer = !call.Transferred && !call.Outbound;
        var target = -1;
        if (mayTransfer && _random.Chance(_options.EscalationProbability))
        {
            // To the tenant's escalation queue (METRICS: a leg transferred there counts as escalated).
            target = _center.EscalationQueues[call.Tenant];
            call.Outcome = SimulatedOutcome.Escalated;
        }
        else if (mayTransfer && tenantQueues.Length > 1 && _random.Chance(_options.TransferProbability))
        {
            target = tenantQueues[_random.Next(tenantQueues.Length - 1)];
            if (target == call.Queue)
            {
                target = tenantQueues[^1];
            }

            call.Outcome = SimulatedOutcome.Transferred;
        }
        else
        {
            call.Outcome = (SimulatedOutcome)_random.Pick(call.Profile.OutcomeWeights);
        }

        if (target >= 0)
        {
            _emit.CallTransferred(call, agent, target);
            call.Transferred = true;
            call.State = SimulatedCallState.Transferring;
            _scheduler.Schedule(Now + 1000 + _random.Next(3000), SimulationStepKind.Requeue, -1, call, target);
        }
        else
        {
            EndCall(call, agent);
        }

        // The wrap's step carries the leg's wrap-up code (+1), 0 for a wrap.ended without one, -1 for none sent.
        agent.State = SimulatedAgentState.Wrap;
        var wrap = _random.Chance(_options.MissingWrapProbability) ? -1
            : _random.Chance(_options.DispositionProbability) ? (int)call.Outcome.Value + 1
            : 0;
        _scheduler.Schedule(Now + _random.LogNormalMs(_options.MeanWrap, 0.5, 1000), SimulationStepKind.WrapEnd, agent.Index, call, wrap);
    }

    /// <summary>
    /// The agent's after-call work for <paramref name="call"/> ends: <c>wrap.ended</c>, with the leg's wrap-up code
    /// when <paramref name="wrap"/> &gt; 0, none when it is -1 (the processor's <c>max_wrap</c> then applies).
    /// </summary>
    public void EndWrap(SimulatedAgent agent, SimulatedCall call, int wrap)
    {
        if (wrap >= 0)
        {
            _emit.WrapEnded(call, agent, wrap > 0 ? (SimulatedOutcome)(wrap - 1) : null);
        }
    }

    public void Survey(SimulatedCall call, int agent) => _emit.SurveyCompleted(call, agent, _random.PickPercent(ScoreWeightsPercent) + 1);

    private void Answer(SimulatedCall call, SimulatedAgent agent)
    {
        Debug.Assert(call.Previous is null && call.Next is null && _center.Queues[call.Queue].Head != call, "the caller takes the call out of its queue first");
        Reserve(call, agent);
        Connect(call, agent);
    }

    /// <summary>The agent is taken for the call: out of the idle list, busy, before the answer is made.</summary>
    private void Reserve(SimulatedCall call, SimulatedAgent agent)
    {
        Debug.Assert(agent.State == SimulatedAgentState.Available, "only an available agent answers or dials");
        _center.Teams[agent.Team].RemoveIdle(agent);
        agent.State = SimulatedAgentState.Connected;
        call.Agent = agent.Index;
    }

    /// <summary><c>call.answered</c>, then the talk (log-normal, by call type) and perhaps a hold.</summary>
    private void Connect(SimulatedCall call, SimulatedAgent agent)
    {
        call.State = SimulatedCallState.Connected;
        _emit.CallAnswered(call, agent);

        var talk = _random.LogNormalMs(_options.MeanTalk * call.Profile.TalkFactor, 0.8, 1000);
        long hold = 0;
        if (_random.NextDouble() < _options.HoldProbability)
        {
            hold = _random.ExponentialMs(_options.MeanHold) + 1000;
            var holdAt = Now + (long)(talk * (0.2 + (0.6 * _random.NextDouble())));
            _scheduler.Schedule(holdAt, SimulationStepKind.Hold, agent.Index, call, 0);
            _scheduler.Schedule(holdAt + hold, SimulationStepKind.Retrieve, agent.Index, call, 0);
        }

        _scheduler.Schedule(Now + talk + hold, SimulationStepKind.ConnectionEnd, agent.Index, call, 0);
    }

    private void EndCall(SimulatedCall call, SimulatedAgent? agent)
    {
        // Satisfied: the last leg's outcome, or self-service in the IVR; a caller who gave up in the queue is not.
        var satisfied = agent is not null ? SimulatedOutcomes.LeavesCallerSatisfied(call.Outcome!.Value) : call.State == SimulatedCallState.Ivr;
        _emit.CallEnded(call, agent);
        call.State = SimulatedCallState.Ended;
        if (!call.Outbound)
        {
            _customers.CallEnded(call, satisfied, Now);
        }

        if (call.Agent >= 0 && agent is not null && _random.NextDouble() < _options.SurveyProbability)
        {
            _scheduler.Schedule(Now + ShiftPlan.Minute + _random.Next((int)(4 * ShiftPlan.Minute)), SimulationStepKind.Survey, call.Agent, call, 0);
        }
    }
}
