using System.Diagnostics;
using System.Globalization;

namespace CallMetrics.Simulation;

/// <summary>
/// The calls' side of the simulation: Poisson arrivals that follow staffing, IVR, FIFO queues with caller patience,
/// routing to the longest-idle skilled agent, holds, transfers, the end of the call, wrap and surveys.
/// </summary>
internal sealed class CallFlow
{
    private static readonly string[] CallTypes = ["general", "billing", "order", "technical", "complaint"];
    private static readonly double[] CallTypeWeights = [0.35, 0.25, 0.2, 0.15, 0.05];
    private static readonly int[] ScoreWeightsPercent = [7, 8, 15, 30, 40];

    private readonly SimulationOptions _options;
    private readonly SimulatedCenter _center;
    private readonly StepScheduler _scheduler;
    private readonly SimulationRandom _random;
    private readonly SimulatedEventEmitter _emit;
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
        _callIdPrefix = string.Create(CultureInfo.InvariantCulture, $"call-{options.Seed}-");
        _profile = new ArrivalProfile(center.Agents.Select(a => a.ShiftOffsetMs).ToArray());
        _arrivalsPerMsAtMax = callsPerHour / ShiftPlan.Hour * _profile.Max;
        _nextArrivalMs = scheduler.StartMs;
    }

    private long Now => _scheduler.NowMs;

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
        var queue = team.Skills.Length > 1 && _random.NextDouble() < 0.2 ? team.Skills[_random.Next(1, team.Skills.Length)] : team.Skills[0];
        _callCount++;
        var call = new SimulatedCall(_callIdPrefix + _callCount.ToString(CultureInfo.InvariantCulture), team.Tenant, queue);

        var callType = CallTypes[_random.Pick(CallTypeWeights)];
        Span<byte> caller = stackalloc byte[11];
        "cust-"u8.CopyTo(caller);
        var customer = _random.Next(1_000_000);
        for (var i = 10; i >= 5; i--)
        {
            caller[i] = (byte)('0' + (customer % 10));
            customer /= 10;
        }

        _emit.CallArrived(call, callType, caller);
        _scheduler.Schedule(Now + _random.LogNormalMs(_options.MeanIvr, 0.5, 1000), SimulationStepKind.IvrEnd, -1, call, 0);
    }

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
        if (!call.Transferred && tenantQueues.Length > 1 && _random.NextDouble() < _options.TransferProbability)
        {
            var target = tenantQueues[_random.Next(tenantQueues.Length - 1)];
            if (target == call.Queue)
            {
                target = tenantQueues[^1];
            }

            _emit.CallTransferred(call, agent, target);
            call.Transferred = true;
            call.State = SimulatedCallState.Transferring;
            _scheduler.Schedule(Now + 1000 + _random.Next(3000), SimulationStepKind.Requeue, -1, call, target);
        }
        else
        {
            EndCall(call, agent);
        }

        agent.State = SimulatedAgentState.Wrap;
        var missing = _random.NextDouble() < _options.MissingWrapProbability ? 1 : 0;
        _scheduler.Schedule(Now + _random.LogNormalMs(_options.MeanWrap, 0.5, 1000), SimulationStepKind.WrapEnd, agent.Index, call, missing);
    }

    /// <summary>The agent's after-call work for <paramref name="call"/> ends (with a <c>wrap.ended</c> unless it goes missing).</summary>
    public void EndWrap(SimulatedAgent agent, SimulatedCall call, bool missing)
    {
        if (!missing)
        {
            _emit.WrapEnded(call, agent);
        }
    }

    public void Survey(SimulatedCall call, int agent) => _emit.SurveyCompleted(call, agent, _random.PickPercent(ScoreWeightsPercent) + 1);

    private void Answer(SimulatedCall call, SimulatedAgent agent)
    {
        Debug.Assert(agent.State == SimulatedAgentState.Available, "only an available agent answers");
        Debug.Assert(call.Previous is null && call.Next is null && _center.Queues[call.Queue].Head != call, "the caller takes the call out of its queue first");
        _center.Teams[agent.Team].RemoveIdle(agent);
        agent.State = SimulatedAgentState.Connected;
        call.State = SimulatedCallState.Connected;
        call.Agent = agent.Index;
        _emit.CallAnswered(call, agent);

        var talk = _random.LogNormalMs(_options.MeanTalk, 0.8, 1000);
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
        _emit.CallEnded(call, agent);
        call.State = SimulatedCallState.Ended;

        if (call.Agent >= 0 && agent is not null && _random.NextDouble() < _options.SurveyProbability)
        {
            _scheduler.Schedule(Now + ShiftPlan.Minute + _random.Next((int)(4 * ShiftPlan.Minute)), SimulationStepKind.Survey, call.Agent, call, 0);
        }
    }
}
