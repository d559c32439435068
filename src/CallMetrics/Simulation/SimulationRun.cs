using System.Diagnostics;
using System.Globalization;
using CallMetrics.Inputs;

namespace CallMetrics.Simulation;

/// <summary>
/// One run of the discrete-event simulation. State is bounded by the size of the center (agents, calls in
/// progress, pending surveys), never by the simulated duration: calls are dropped when they end and the
/// events are handed out as they are made.
/// </summary>
internal sealed class SimulationRun
{
    private static readonly string[] TeamNames = ["blue", "green", "red", "orange", "purple", "yellow", "teal", "pink"];
    private static readonly string[] QueueNames = ["sales", "support", "billing", "retention", "tech", "claims", "onboarding", "collections"];
    private static readonly string[] CallTypes = ["general", "billing", "order", "technical", "complaint"];
    private static readonly double[] CallTypeWeights = [0.35, 0.25, 0.2, 0.15, 0.05];
    private static readonly int[] ScoreWeightsPercent = [7, 8, 15, 30, 40];

    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly CanonicalEventWriter _writer;
    private readonly PriorityQueue<SimulationStep, SimulationStep> _pending = new(SimulationStepComparer.Instance);
    private readonly Queue<SimulatedEvent> _output = new();
    private readonly SimulatedAgent[] _agents;
    private readonly SimulatedTeam[] _teams;
    private readonly SimulatedQueue[] _queues;
    private readonly int[][] _tenantQueues;
    private readonly string[] _tenants;
    private readonly ArrivalProfile _profile;
    private readonly long _startMs;
    private readonly long _endMs;
    private readonly double _arrivalsPerMsAtMax;
    private readonly string _callIdPrefix;
    private long _nowMs;
    private long _sequence;
    private long _callCount;
    private long _nextArrivalMs;
    private double _spareNormal = double.NaN;

    public SimulationRun(SimulationOptions options, double callsPerHour)
    {
        _options = options;
        _random = new Random(options.Seed);
        _writer = new CanonicalEventWriter(string.Create(CultureInfo.InvariantCulture, $"sim-{options.Seed}-"));
        _callIdPrefix = string.Create(CultureInfo.InvariantCulture, $"call-{options.Seed}-");
        _startMs = options.Start.ToUnixTimeMilliseconds();
        _endMs = _startMs + (long)options.Duration.TotalMilliseconds;
        _tenants = [.. options.Tenants];

        _teams = new SimulatedTeam[options.Teams];
        for (var t = 0; t < _teams.Length; t++)
        {
            _teams[t] = new SimulatedTeam(Name(TeamNames, "team", t), t % _tenants.Length);
        }

        _queues = new SimulatedQueue[options.Queues];
        for (var q = 0; q < _queues.Length; q++)
        {
            _queues[q] = new SimulatedQueue(Name(QueueNames, "queue", q), q % _tenants.Length);
        }

        _tenantQueues = new int[_tenants.Length][];
        for (var tenant = 0; tenant < _tenants.Length; tenant++)
        {
            var tenantTeams = Enumerable.Range(0, _teams.Length).Where(t => _teams[t].Tenant == tenant).ToArray();
            var tenantQueues = Enumerable.Range(0, _queues.Length).Where(q => _queues[q].Tenant == tenant).ToArray();
            _tenantQueues[tenant] = tenantQueues;
            for (var j = 0; j < tenantTeams.Length; j++)
            {
                // Primary queue, every queue that falls to this team round-robin, and the next queue as a backup skill.
                var primary = j % tenantQueues.Length;
                var skills = new List<int> { tenantQueues[primary] };
                for (var k = 0; k < tenantQueues.Length; k++)
                {
                    if (k % tenantTeams.Length == j && !skills.Contains(tenantQueues[k]))
                    {
                        skills.Add(tenantQueues[k]);
                    }
                }

                var backup = tenantQueues[(primary + 1) % tenantQueues.Length];
                if (!skills.Contains(backup))
                {
                    skills.Add(backup);
                }

                _teams[tenantTeams[j]].Skills = [.. skills];
            }
        }

        for (var q = 0; q < _queues.Length; q++)
        {
            _queues[q].ServingTeams = Enumerable.Range(0, _teams.Length).Where(t => _teams[t].Skills.Contains(q)).ToArray();
        }

        _agents = new SimulatedAgent[options.Agents];
        var digits = Math.Max(4, options.Agents.ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < _agents.Length; i++)
        {
            var id = "agent-" + (i + 1).ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            _agents[i] = new SimulatedAgent(i, id, i % _teams.Length, ShiftPlan.NominalStart(i, _teams.Length));
        }

        _profile = new ArrivalProfile(_agents.Select(a => a.ShiftOffsetMs).ToArray());
        _arrivalsPerMsAtMax = callsPerHour / ShiftPlan.Hour * _profile.Max;
    }

    /// <summary>Steps scheduled and not yet run: bounded by the center's size, not by the duration.</summary>
    public int PendingStepCount => _pending.Count;

    /// <summary>Calls waiting in all queues right now.</summary>
    public int WaitingCallCount => _queues.Sum(q => q.Count);

    /// <summary>Runs the simulation, yielding events in non-decreasing time order, until <c>Start + Duration</c> (exclusive).</summary>
    public IEnumerable<SimulatedEvent> Events()
    {
        foreach (var agent in _agents)
        {
            ScheduleFirstShift(agent);
        }

        _nextArrivalMs = _startMs;
        ScheduleNextArrival();

        while (_pending.TryDequeue(out var step, out _))
        {
            if (step.TimeMs >= _endMs)
            {
                yield break;
            }

            Debug.Assert(step.TimeMs >= _nowMs, "time never goes back");
            _nowMs = step.TimeMs;
            Run(step);
            while (_output.TryDequeue(out var simulatedEvent))
            {
                yield return simulatedEvent;
            }
        }
    }

    private void Run(in SimulationStep step)
    {
        switch (step.Kind)
        {
            case SimulationStepKind.Arrival: Arrive(); break;
            case SimulationStepKind.IvrEnd: EndIvr(step.Call!); break;
            case SimulationStepKind.Requeue: Enqueue(step.Call!, step.Value); break;
            case SimulationStepKind.Abandon: Abandon(step.Call!, step.Value); break;
            case SimulationStepKind.Hold: Hold(step.Call!, held: true); break;
            case SimulationStepKind.Retrieve: Hold(step.Call!, held: false); break;
            case SimulationStepKind.ConnectionEnd: EndConnection(step.Call!); break;
            case SimulationStepKind.WrapEnd: EndWrap(_agents[step.Agent], step.Call!, missing: step.Value != 0); break;
            case SimulationStepKind.Survey: Survey(step.Call!, step.Agent); break;
            case SimulationStepKind.Login: Login(_agents[step.Agent]); break;
            case SimulationStepKind.Activity: ActivityDue(_agents[step.Agent], step.Value); break;
            case SimulationStepKind.ActivityEnd: EndActivity(_agents[step.Agent], step.Value); break;
            default: throw new UnreachableException();
        }
    }

    // ---- agents: shifts, breaks, logout ----

    private void ScheduleFirstShift(SimulatedAgent agent)
    {
        var firstDay = FloorDay(_startMs) - ShiftPlan.Day;
        for (var day = firstDay; ; day += ShiftPlan.Day)
        {
            var shiftStart = day + agent.ShiftOffsetMs + Jitter(ShiftPlan.Jitter);
            if (shiftStart + ShiftPlan.ShiftLength <= _startMs)
            {
                continue;
            }

            agent.ShiftDayMs = day;
            agent.ShiftStartMs = shiftStart;
            Schedule(Math.Max(shiftStart, _startMs), SimulationStepKind.Login, agent.Index, null, 0);
            return;
        }
    }

    private void Login(SimulatedAgent agent)
    {
        var team = _teams[agent.Team];
        var w = _writer.Begin(CanonicalNames.AgentLogin, _nowMs, TenantField(team.Tenant));
        w.Field(CanonicalNames.AgentId, agent.Id);
        w.Field(CanonicalNames.Team, team.Name);
        w.Field(CanonicalNames.State, CanonicalNames.Available);
        _output.Enqueue(Finish(agent.Id));

        agent.State = SimulatedAgentState.Available;
        agent.PendingActivity = -1;
        ScheduleActivity(agent, 0);
        Dispatch(agent);
    }

    /// <summary>Schedules the first activity from <paramref name="from"/> on that is still ahead (a mid-shift start skips the past ones).</summary>
    private void ScheduleActivity(SimulatedAgent agent, int from)
    {
        for (var i = from; i < ShiftPlan.Activities.Length; i++)
        {
            var due = agent.ShiftStartMs + ShiftPlan.Activities[i].OffsetMs + Jitter(ShiftPlan.Jitter);
            // At login in the middle of a shift (simulation start) the activities already past are skipped;
            // after a break the next one runs even if it is overdue (a long call delayed the break).
            var isLast = i == ShiftPlan.Activities.Length - 1;
            if (due > _nowMs || isLast || from > 0)
            {
                Schedule(Math.Max(due, _nowMs), SimulationStepKind.Activity, agent.Index, null, i);
                return;
            }
        }
    }

    private void ActivityDue(SimulatedAgent agent, int activity)
    {
        if (agent.State == SimulatedAgentState.Available)
        {
            StartActivity(agent, activity);
        }
        else
        {
            // The agent is on a call or in wrap: the break (or logout) starts when the wrap ends.
            agent.PendingActivity = activity;
        }
    }

    private void StartActivity(SimulatedAgent agent, int activity)
    {
        var team = _teams[agent.Team];
        team.RemoveIdle(agent);
        agent.PendingActivity = -1;
        var plan = ShiftPlan.Activities[activity];
        if (plan.IsLogout)
        {
            var w = _writer.Begin(CanonicalNames.AgentLogout, _nowMs, TenantField(team.Tenant));
            w.Field(CanonicalNames.AgentId, agent.Id);
            _output.Enqueue(Finish(agent.Id));
            agent.State = SimulatedAgentState.LoggedOut;
            // Tomorrow's shift; shifts end by 21:40, so it is always ahead.
            agent.ShiftDayMs += ShiftPlan.Day;
            agent.ShiftStartMs = agent.ShiftDayMs + agent.ShiftOffsetMs + Jitter(ShiftPlan.Jitter);
            Schedule(Math.Max(agent.ShiftStartMs, _nowMs), SimulationStepKind.Login, agent.Index, null, 0);
            return;
        }

        var writer = _writer.Begin(CanonicalNames.AgentState, _nowMs, TenantField(team.Tenant));
        writer.Field(CanonicalNames.AgentId, agent.Id);
        writer.Field(CanonicalNames.State, CanonicalNames.NotReady);
        writer.Field(CanonicalNames.Reason, plan.Reason);
        _output.Enqueue(Finish(agent.Id));
        agent.State = SimulatedAgentState.NotReady;
        Schedule(_nowMs + plan.DurationMs + Jitter(ShiftPlan.Minute), SimulationStepKind.ActivityEnd, agent.Index, null, activity);
    }

    private void EndActivity(SimulatedAgent agent, int activity)
    {
        var w = _writer.Begin(CanonicalNames.AgentState, _nowMs, TenantField(_teams[agent.Team].Tenant));
        w.Field(CanonicalNames.AgentId, agent.Id);
        w.Field(CanonicalNames.State, CanonicalNames.Available);
        _output.Enqueue(Finish(agent.Id));
        agent.State = SimulatedAgentState.Available;
        ScheduleActivity(agent, activity + 1);
        Dispatch(agent);
    }

    /// <summary>An agent just became available: take the longest-waiting call of the team's skills, or wait idle.</summary>
    private void Dispatch(SimulatedAgent agent)
    {
        var team = _teams[agent.Team];
        SimulatedCall? best = null;
        foreach (var q in team.Skills)
        {
            var head = _queues[q].Head;
            if (head is not null && (best is null || head.QueuedAtMs < best.QueuedAtMs))
            {
                best = head;
            }
        }

        if (best is not null)
        {
            _queues[best.Queue].Remove(best);
            Answer(best, agent);
            return;
        }

        agent.IdleSinceMs = _nowMs;
        team.AddIdle(agent);
    }

    // ---- calls ----

    private void ScheduleNextArrival()
    {
        // Non-homogeneous Poisson arrivals by thinning: candidates at the peak rate, kept with probability rate(t)/peak.
        var t = (double)_nextArrivalMs;
        while (true)
        {
            t += -Math.Log(1 - _random.NextDouble()) / _arrivalsPerMsAtMax;
            if (t >= _endMs)
            {
                return;
            }

            if (_random.NextDouble() * _profile.Max < _profile.At((long)t))
            {
                break;
            }
        }

        _nextArrivalMs = (long)t;
        Schedule(_nextArrivalMs, SimulationStepKind.Arrival, -1, null, 0);
    }

    private void Arrive()
    {
        ScheduleNextArrival();

        // A random agent's team receives the call, so each team's load is proportional to its size.
        var team = _teams[_agents[_random.Next(_agents.Length)].Team];
        var queue = team.Skills.Length > 1 && _random.NextDouble() < 0.2 ? team.Skills[_random.Next(1, team.Skills.Length)] : team.Skills[0];
        _callCount++;
        var call = new SimulatedCall(_callIdPrefix + _callCount.ToString(CultureInfo.InvariantCulture), team.Tenant, queue);

        var w = _writer.Begin(CanonicalNames.CallArrived, _nowMs, TenantField(call.Tenant));
        w.Field(CanonicalNames.CallId, call.Id);
        w.Field(CanonicalNames.CallType, CallTypes[Pick(CallTypeWeights)]);
        Span<byte> caller = stackalloc byte[11];
        "cust-"u8.CopyTo(caller);
        var customer = _random.Next(1_000_000);
        for (var i = 10; i >= 5; i--)
        {
            caller[i] = (byte)('0' + (customer % 10));
            customer /= 10;
        }

        w.Field(CanonicalNames.Caller, caller);
        _output.Enqueue(Finish(call.Id));

        Schedule(_nowMs + LogNormalMs(_options.MeanIvr, 0.5, 1000), SimulationStepKind.IvrEnd, -1, call, 0);
    }

    private void EndIvr(SimulatedCall call)
    {
        if (_random.NextDouble() < _options.IvrOnlyProbability)
        {
            EndCall(call, agent: null);
            return;
        }

        Enqueue(call, call.Queue);
    }

    private void Enqueue(SimulatedCall call, int queue)
    {
        call.Queue = queue;
        call.State = SimulatedCallState.Waiting;
        call.Visit++;
        call.QueuedAtMs = _nowMs;
        var w = _writer.Begin(CanonicalNames.CallQueued, _nowMs, TenantField(call.Tenant));
        w.Field(CanonicalNames.CallId, call.Id);
        w.Field(CanonicalNames.Queue, _queues[queue].Name);
        _output.Enqueue(Finish(call.Id));

        // Route to the longest-idle available agent among the teams with the skill.
        SimulatedAgent? best = null;
        foreach (var t in _queues[queue].ServingTeams)
        {
            var head = _teams[t].IdleHead;
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

        _queues[queue].Enqueue(call);
        var patience = _random.NextDouble() < _options.ShortPatienceProbability
            ? 500 + _random.Next(4_400)
            : ExponentialMs(_options.AbandonPatience);
        Schedule(_nowMs + patience, SimulationStepKind.Abandon, -1, call, call.Visit);
    }

    private void Abandon(SimulatedCall call, int visit)
    {
        if (call.State != SimulatedCallState.Waiting || call.Visit != visit)
        {
            return; // answered (or requeued) before the caller's patience ran out
        }

        _queues[call.Queue].Remove(call);
        EndCall(call, agent: null);
    }

    private void Answer(SimulatedCall call, SimulatedAgent agent)
    {
        Debug.Assert(agent.State == SimulatedAgentState.Available, "only an available agent answers");
        Debug.Assert(call.Previous is null && call.Next is null && _queues[call.Queue].Head != call, "the caller takes the call out of its queue first");
        _teams[agent.Team].RemoveIdle(agent);
        agent.State = SimulatedAgentState.Connected;
        call.State = SimulatedCallState.Connected;
        call.Agent = agent.Index;

        var w = _writer.Begin(CanonicalNames.CallAnswered, _nowMs, TenantField(call.Tenant));
        w.Field(CanonicalNames.CallId, call.Id);
        w.Field(CanonicalNames.AgentId, agent.Id);
        _output.Enqueue(Finish(call.Id));

        var talk = LogNormalMs(_options.MeanTalk, 0.8, 1000);
        long hold = 0;
        if (_random.NextDouble() < _options.HoldProbability)
        {
            hold = ExponentialMs(_options.MeanHold) + 1000;
            var holdAt = _nowMs + (long)(talk * (0.2 + (0.6 * _random.NextDouble())));
            Schedule(holdAt, SimulationStepKind.Hold, agent.Index, call, 0);
            Schedule(holdAt + hold, SimulationStepKind.Retrieve, agent.Index, call, 0);
        }

        Schedule(_nowMs + talk + hold, SimulationStepKind.ConnectionEnd, agent.Index, call, 0);
    }

    private void Hold(SimulatedCall call, bool held)
    {
        var w = _writer.Begin(held ? CanonicalNames.CallHeld : CanonicalNames.CallRetrieved, _nowMs, TenantField(call.Tenant));
        w.Field(CanonicalNames.CallId, call.Id);
        w.Field(CanonicalNames.AgentId, _agents[call.Agent].Id);
        _output.Enqueue(Finish(call.Id));
    }

    private void EndConnection(SimulatedCall call)
    {
        var agent = _agents[call.Agent];
        var tenantQueues = _tenantQueues[call.Tenant];
        if (!call.Transferred && tenantQueues.Length > 1 && _random.NextDouble() < _options.TransferProbability)
        {
            var target = tenantQueues[_random.Next(tenantQueues.Length - 1)];
            if (target == call.Queue)
            {
                target = tenantQueues[^1];
            }

            var w = _writer.Begin(CanonicalNames.CallTransferred, _nowMs, TenantField(call.Tenant));
            w.Field(CanonicalNames.CallId, call.Id);
            w.Field(CanonicalNames.AgentId, agent.Id);
            w.Field(CanonicalNames.ToQueue, _queues[target].Name);
            _output.Enqueue(Finish(call.Id));
            call.Transferred = true;
            call.State = SimulatedCallState.Transferring;
            Schedule(_nowMs + 1000 + _random.Next(3000), SimulationStepKind.Requeue, -1, call, target);
        }
        else
        {
            EndCall(call, agent);
        }

        agent.State = SimulatedAgentState.Wrap;
        var missing = _random.NextDouble() < _options.MissingWrapProbability ? 1 : 0;
        Schedule(_nowMs + LogNormalMs(_options.MeanWrap, 0.5, 1000), SimulationStepKind.WrapEnd, agent.Index, call, missing);
    }

    private void EndCall(SimulatedCall call, SimulatedAgent? agent)
    {
        var w = _writer.Begin(CanonicalNames.CallEnded, _nowMs, TenantField(call.Tenant));
        w.Field(CanonicalNames.CallId, call.Id);
        if (agent is not null)
        {
            w.Field(CanonicalNames.AgentId, agent.Id);
        }

        _output.Enqueue(Finish(call.Id));
        call.State = SimulatedCallState.Ended;

        if (call.Agent >= 0 && agent is not null && _random.NextDouble() < _options.SurveyProbability)
        {
            Schedule(_nowMs + ShiftPlan.Minute + _random.Next((int)(4 * ShiftPlan.Minute)), SimulationStepKind.Survey, call.Agent, call, 0);
        }
    }

    private void EndWrap(SimulatedAgent agent, SimulatedCall call, bool missing)
    {
        if (!missing)
        {
            var w = _writer.Begin(CanonicalNames.WrapEnded, _nowMs, TenantField(call.Tenant));
            w.Field(CanonicalNames.CallId, call.Id);
            w.Field(CanonicalNames.AgentId, agent.Id);
            _output.Enqueue(Finish(call.Id));
        }

        agent.State = SimulatedAgentState.Available;
        if (agent.PendingActivity >= 0)
        {
            StartActivity(agent, agent.PendingActivity);
        }
        else
        {
            Dispatch(agent);
        }
    }

    private void Survey(SimulatedCall call, int agent)
    {
        var w = _writer.Begin(CanonicalNames.SurveyCompleted, _nowMs, TenantField(call.Tenant));
        w.Field(CanonicalNames.CallId, call.Id);
        w.Field(CanonicalNames.AgentId, _agents[agent].Id);
        w.Field(CanonicalNames.Score, PickScore());
        _output.Enqueue(Finish(call.Id));
    }

    // ---- helpers ----

    /// <summary>The tenant field of an event: EVENTS.md's absent tenant is <c>default</c>, so it is not written.</summary>
    private string? TenantField(int tenant) =>
        string.Equals(_tenants[tenant], CanonicalNames.DefaultTenant, StringComparison.Ordinal) ? null : _tenants[tenant];

    private SimulatedEvent Finish(string key) => new(_nowMs * 1_000_000, key, _writer.End());

    private void Schedule(long timeMs, SimulationStepKind kind, int agent, SimulatedCall? call, int value)
    {
        if (timeMs >= _endMs)
        {
            return; // past the end: never run, so never held
        }

        var step = new SimulationStep(timeMs, _sequence++, kind, agent, call, value);
        _pending.Enqueue(step, step);
    }

    private static long FloorDay(long unixMs) => unixMs - (((unixMs % ShiftPlan.Day) + ShiftPlan.Day) % ShiftPlan.Day);

    private long Jitter(long range) => (long)((_random.NextDouble() * 2 - 1) * range);

    private long ExponentialMs(TimeSpan mean) => (long)(-Math.Log(1 - _random.NextDouble()) * mean.TotalMilliseconds);

    /// <summary>A log-normal duration with the given mean and shape sigma, at least <paramref name="minimumMs"/>.</summary>
    private long LogNormalMs(TimeSpan mean, double sigma, long minimumMs)
    {
        var mu = Math.Log(mean.TotalMilliseconds) - (sigma * sigma / 2);
        return Math.Max(minimumMs, (long)Math.Exp(mu + (sigma * StandardNormal())));
    }

    private double StandardNormal()
    {
        if (!double.IsNaN(_spareNormal))
        {
            var spare = _spareNormal;
            _spareNormal = double.NaN;
            return spare;
        }

        // Box-Muller: two independent normals from two uniforms; the second is kept for the next call.
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var radius = Math.Sqrt(-2 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    private int Pick(double[] weights)
    {
        var x = _random.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private int PickScore()
    {
        var x = _random.Next(100);
        for (var i = 0; i < ScoreWeightsPercent.Length; i++)
        {
            x -= ScoreWeightsPercent[i];
            if (x < 0)
            {
                return i + 1;
            }
        }

        return 5;
    }

    private static string Name(string[] names, string prefix, int index) =>
        index < names.Length ? names[index] : string.Create(CultureInfo.InvariantCulture, $"{prefix}-{index + 1}");
}
