using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Workload;

/// <summary>
/// A deterministic, streaming simulation of an inbound contact center that yields events in event-time
/// order with bounded memory (so a 1 GB file needs no 1 GB buffer). Calls arrive as a Poisson process;
/// each waits in a queue for the agent who is free first, or abandons when its patience runs out;
/// answered calls talk, hold, transfer to another queue and agent, end, wrap (sometimes ended by the
/// 120 s timer instead of <c>wrap.ended</c>) and get surveys; agents take breaks and sometimes log out
/// and back in. Every event a call or agent produces is in the future of the arrival that produced it,
/// so a min-heap of pending events released up to the next arrival gives sorted output.
/// </summary>
public sealed class SyntheticCallCenter
{
    /// <summary>Start of the simulated day: 2026-11-23T08:00:00Z.</summary>
    public const long StartMs = 1_795_420_800_000;

    private const double MeanTalkSeconds = 200;
    private const double MeanWrapSeconds = 35;

    private readonly WorkloadOptions _options;
    private readonly Random _random;
    private readonly PriorityQueue<SyntheticEvent, (long Ms, long Seq)> _pending = new();
    private readonly PriorityQueue<int, long> _free = new();
    private readonly int[] _team;
    private readonly double _meanGapMs;
    private long _sequence;
    private long _nextArrivalMs;
    private long _calls;
    private long _produced;
    private long _plannedCallEvents;

    /// <summary>Creates the simulation; nothing happens until <see cref="TryNext"/>.</summary>
    public SyntheticCallCenter(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Agents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EventsPerCall, 5);
        _options = options;
        _random = new Random(options.Seed);
        _team = new int[options.Agents + 1];
        var loginSpreadMs = Math.Clamp(300_000L * 10_000 / options.Agents, 30_000, 300_000);
        for (var agent = 1; agent <= options.Agents; agent++)
        {
            _team[agent] = 1 + ((agent - 1) / options.AgentsPerTeam);
            // Big centers log in over a shorter stretch so short benchmark inputs reach the steady state too.
            var login = StartMs + _random.NextInt64(0, loginSpreadMs);
            Push(new SyntheticEvent(login, EventType.AgentLogin, 0, agent, 0, _team[agent], AgentChosenState.Available, 0, true));
            _free.Enqueue(agent, login + 1000);
        }

        // Arrivals sized so agents are busy Occupancy of the time: rate = agents * occupancy / mean agent time per call.
        _meanGapMs = MeanAgentMsPerCall(options.EventsPerCall, options.Seed) / (options.Agents * options.Occupancy);
        _nextArrivalMs = StartMs + 60_000;
    }

    /// <summary>Calls started so far.</summary>
    public long Calls => _calls;

    /// <summary>
    /// Mean events per started call as planned by the simulation, counting the events of calls still in
    /// progress when the stream stops (abandons included, agent events excluded).
    /// </summary>
    public double PlannedEventsPerCall => _calls == 0 ? 0 : (double)_plannedCallEvents / _calls;

    /// <summary>Events returned so far.</summary>
    public long Produced => _produced;

    /// <summary>The next event in time order; false once <see cref="WorkloadOptions.Events"/> were returned.</summary>
    public bool TryNext(out SyntheticEvent e)
    {
        if (_produced >= _options.Events)
        {
            e = default;
            return false;
        }

        // Everything a future arrival produces is at or after it, so what is pending before it is final.
        while (!_pending.TryPeek(out _, out var head) || head.Ms > _nextArrivalMs)
        {
            StartCall(_nextArrivalMs);
            _nextArrivalMs += Math.Max(1, (long)(-Math.Log(1 - _random.NextDouble()) * _meanGapMs));
        }

        e = _pending.Dequeue();
        _produced++;
        return true;
    }

    private void StartCall(long t)
    {
        var call = ++_calls;
        Push(new SyntheticEvent(t, EventType.CallArrived, call, 0, 0, 0, default, 0, false));
        t += _random.Next(3_000, 30_000); // IVR
        var queue = 1 + _random.Next(_options.Queues);
        Push(new SyntheticEvent(t, EventType.CallQueued, call, 0, queue, 0, default, 0, false));
        var patience = _random.Next(5_000, 240_000);
        _free.TryPeek(out var agent, out var freeAt);
        if (freeAt > t + patience)
        {
            // Abandon (some of them short): nobody became free in time.
            Push(new SyntheticEvent(t + patience, EventType.CallEnded, call, 0, 0, 0, default, 0, false));
            return;
        }

        _free.Dequeue();

        var (survey, transfers, holds) = Plan(_random, _options.EventsPerCall);
        var talkPerLeg = Exponential(_random, MeanTalkSeconds * 1000) / (transfers + 1);
        var answerAt = Math.Max(t + _random.Next(500, 3_000), freeAt);
        for (var leg = 0; leg <= transfers; leg++)
        {
            var legHolds = leg == transfers ? holds - ((holds / (transfers + 1)) * transfers) : holds / (transfers + 1);
            var last = leg == transfers;
            var end = Talk(call, agent, queue, answerAt, talkPerLeg, legHolds, last);
            if (last)
            {
                if (survey)
                {
                    var named = _random.NextDouble() < 0.5;
                    Push(new SyntheticEvent(end + _random.Next(30_000, 300_000), EventType.SurveyCompleted, call, named ? agent : 0, 0, 0, default, (byte)_random.Next(1, 6), named));
                }

                break;
            }

            // Transfer to another queue; the next agent free picks it up.
            queue = 1 + ((queue + _random.Next(_options.Queues - 1)) % _options.Queues);
            var requeue = end + _random.Next(500, 3_000);
            Push(new SyntheticEvent(requeue, EventType.CallQueued, call, 0, queue, 0, default, 0, false));
            _free.TryDequeue(out agent, out var nextFree);
            answerAt = Math.Max(requeue + _random.Next(1_000, 20_000), nextFree);
        }
    }

    /// <summary>
    /// What an answered call carries above the five events every answered call has (arrived, queued,
    /// answered, ended, wrap.ended): a survey costs 1, a transfer 4 (transferred, wrap.ended, queued,
    /// answered), a hold 2 (held, retrieved).
    /// </summary>
    private static (bool Survey, int Transfers, int Holds) Plan(Random random, int eventsPerCall)
    {
        var budget = eventsPerCall - 5 + random.Next(-1, 2);
        var survey = budget >= 1 && random.NextDouble() < 0.35;
        budget -= survey ? 1 : 0;
        var transfers = 0;
        while (budget >= 6 && random.NextDouble() < 0.4)
        {
            transfers++;
            budget -= 4;
        }

        return (survey, transfers, Math.Max(0, budget / 2));
    }

    /// <summary>Agent time one answered call takes on average (talk, holds, and per leg wrap, gaps and breaks), by sampling plans.</summary>
    private static double MeanAgentMsPerCall(int eventsPerCall, int seed)
    {
        var random = new Random(seed ^ 0x5EED);
        const int Samples = 4096;
        // Per leg: wrap (exponential, 10% to the 120 s timer), the gap before the next call, breaks 3% x 10 min, logouts 0.5% x 20 min.
        const double PerLegMs = (0.9 * MeanWrapSeconds * 1000) + (0.1 * 120_000) + 2_750 + 1_000 + (0.03 * 600_000) + (0.005 * 1_200_000);
        double total = 0;
        for (var i = 0; i < Samples; i++)
        {
            var (_, transfers, holds) = Plan(random, eventsPerCall);
            total += (MeanTalkSeconds * 1000) + 10_000 * (transfers + 1) + (holds * 17_500) + ((transfers + 1) * PerLegMs);
        }

        return total / Samples;
    }

    private static long Exponential(Random random, double mean) => (long)(-Math.Log(1 - random.NextDouble()) * mean);

    /// <summary>One agent's leg: answer, talk with holds, end or transfer, wrap; returns the connection end.</summary>
    private long Talk(long call, int agent, int queue, long answerAt, long talk, int holds, bool last)
    {
        Push(new SyntheticEvent(answerAt, EventType.CallAnswered, call, agent, queue, 0, default, 0, true));
        talk += 10_000;
        var t = answerAt;
        var slice = talk / (holds + 1);
        for (var h = 0; h < holds; h++)
        {
            t += slice;
            Push(new SyntheticEvent(t, EventType.CallHeld, call, agent, 0, 0, default, 0, true));
            t += _random.Next(5_000, 30_000);
            Push(new SyntheticEvent(t, EventType.CallRetrieved, call, agent, 0, 0, default, 0, true));
        }

        t += slice;
        Push(new SyntheticEvent(t, last ? EventType.CallEnded : EventType.CallTransferred, call, agent, last ? 0 : queue, 0, default, 0, true));
        var wrap = Exponential(_random, MeanWrapSeconds * 1000);
        long free;
        var ended = _random.NextDouble() < 0.9 && wrap < 120_000;
        if (!ended && _options.EveryWrapEnded)
        {
            // The same draws as without the option, so the rest of the day is generated alike.
            wrap = Math.Min(wrap, 119_000);
            ended = true;
        }

        if (ended)
        {
            Push(new SyntheticEvent(t + wrap, EventType.WrapEnded, call, agent, 0, 0, default, 0, true));
            free = t + wrap;
        }
        else
        {
            free = t + 120_000; // METRICS: max_wrap ends it
        }

        Release(agent, free + _random.Next(500, 5_000));
        return t;
    }

    /// <summary>The agent becomes free again, perhaps after a break or a logout and a new login.</summary>
    private void Release(int agent, long at)
    {
        var roll = _random.NextDouble();
        if (roll < 0.03)
        {
            Push(new SyntheticEvent(at, EventType.AgentState, 0, agent, 0, 0, AgentChosenState.NotReady, 0, true));
            at += _random.Next(300_000, 900_000);
            Push(new SyntheticEvent(at, EventType.AgentState, 0, agent, 0, 0, AgentChosenState.Available, 0, true));
        }
        else if (roll < 0.035)
        {
            Push(new SyntheticEvent(at, EventType.AgentLogout, 0, agent, 0, 0, default, 0, true));
            at += _random.Next(600_000, 1_800_000);
            Push(new SyntheticEvent(at, EventType.AgentLogin, 0, agent, 0, _team[agent], AgentChosenState.Available, 0, true));
        }

        _free.Enqueue(agent, at + 1000);
    }

    private void Push(in SyntheticEvent e)
    {
        _plannedCallEvents += e.Type.IsCallEvent() ? 1 : 0;
        _pending.Enqueue(e, (e.Ms, _sequence++));
    }
}
