using System.Runtime.InteropServices;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Windows;

namespace CallMetrics.Benchmarks.Baselines;

/// <summary>
/// The straightforward design the core is compared against: keep the raw events, and when a window
/// closes re-aggregate it from scratch by replaying the raw events of the window (plus a look-back for
/// calls and agents that started before it) through dictionaries keyed by call and agent. It follows
/// the main rules of METRICS.md (talk, hold, wrap, busy/available/not-ready time split at the window
/// edges; offers, answers, abandons, handled, surveys) but not every corner case, and assumes input in
/// event-time order: it is a cost baseline, not a second implementation to check results against.
/// Cost per event grows with the number of windows that contain it (1 + look-back for intervals,
/// length/step + look-back for rolling windows).
/// </summary>
public sealed class NaiveWindowAggregator
{
    private readonly long[] _lengths;
    private readonly long[] _steps;
    private readonly long[] _nextEnd;
    private readonly long _lookbackNs;
    private readonly long _maxWrapNs;
    private readonly long _serviceLevelNs;
    private readonly long _shortAbandonNs;
    private readonly List<CanonicalEvent> _raw = [];
    private int _firstKept;
    private long _maxTimestamp = long.MinValue;

    /// <summary>Creates the aggregator for the windows <paramref name="options"/> asks for.</summary>
    /// <param name="options">Windows and thresholds.</param>
    /// <param name="lookback">
    /// How far before a window the replay starts (default 15 min): a leg answered earlier than that is not seen
    /// when its wrap ends in the window, so it must be at least the longest leg for <c>handled</c> to be exact.
    /// </param>
    public NaiveWindowAggregator(MetricsOptions options, TimeSpan? lookback = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var interval = TimeMath.Nanos(options.Interval);
        if (options.Rolling is { } rolling)
        {
            _lengths = [interval, TimeMath.Nanos(rolling)];
            _steps = [interval, TimeMath.Nanos(options.Step)];
        }
        else
        {
            _lengths = [interval];
            _steps = [interval];
        }

        _nextEnd = new long[_lengths.Length];
        _nextEnd.AsSpan().Fill(long.MinValue);
        _lookbackNs = TimeMath.Nanos(lookback ?? TimeSpan.FromMinutes(15));
        _maxWrapNs = TimeMath.Nanos(options.MaxWrap);
        _serviceLevelNs = TimeMath.Nanos(options.ServiceLevelThreshold);
        _shortAbandonNs = TimeMath.Nanos(options.ShortAbandon);
    }

    /// <summary>
    /// Called with every re-aggregated window: its start and end (Unix ns) and its agent and queue tallies, keyed
    /// <c>tenant &lt;&lt; 32 | symbol</c>; the dictionaries are the window's scratch, valid during the call only.
    /// The peers comparison (Peers/) reads the output through it; null costs nothing.
    /// </summary>
    public Action<long, long, IReadOnlyDictionary<long, AgentTally>, IReadOnlyDictionary<long, QueueTally>>? OnWindow { get; init; }

    /// <summary>Lines produced (agent and queue lines with activity).</summary>
    public long Lines { get; private set; }

    /// <summary>Windows re-aggregated.</summary>
    public long Windows { get; private set; }

    /// <summary>Takes one event (in event-time order); closes the windows that end at or before it.</summary>
    public void Accept(in CanonicalEvent e)
    {
        var t = e.Timestamp;
        for (var f = 0; f < _nextEnd.Length; f++)
        {
            if (_nextEnd[f] == long.MinValue)
            {
                _nextEnd[f] = TimeMath.Floor(t, _steps[f]) + _steps[f];
            }

            while (_nextEnd[f] <= t)
            {
                Aggregate(_nextEnd[f] - _lengths[f], _nextEnd[f]);
                _nextEnd[f] += _steps[f];
            }
        }

        _raw.Add(e);
        _maxTimestamp = Math.Max(_maxTimestamp, t);
        Trim();
    }

    /// <summary>End of input: the windows that contain the last event, open time counted to it.</summary>
    public void Complete()
    {
        if (_maxTimestamp == long.MinValue)
        {
            return;
        }

        for (var f = 0; f < _nextEnd.Length; f++)
        {
            Aggregate(_nextEnd[f] - _lengths[f], _nextEnd[f], _maxTimestamp + 1);
        }
    }

    private void Trim()
    {
        // Keep what the earliest window still to close needs: its start minus the look-back.
        var keepFrom = long.MaxValue;
        for (var f = 0; f < _nextEnd.Length; f++)
        {
            keepFrom = Math.Min(keepFrom, _nextEnd[f] - _lengths[f] - _lookbackNs);
        }

        while (_firstKept < _raw.Count && _raw[_firstKept].Timestamp < keepFrom)
        {
            _firstKept++;
        }

        if (_firstKept > 4096 && _firstKept > _raw.Count / 2)
        {
            _raw.RemoveRange(0, _firstKept);
            _firstKept = 0;
        }
    }

    private void Aggregate(long start, long end, long clipEnd = long.MaxValue)
    {
        Windows++;
        var calls = new Dictionary<long, CallState>();
        var agents = new Dictionary<long, AgentState>();
        var agentTallies = new Dictionary<long, AgentTally>();
        var queueTallies = new Dictionary<long, QueueTally>();
        var from = start - _lookbackNs;
        var events = CollectionsMarshal.AsSpan(_raw);
        var first = LowerBound(events, _firstKept, from);
        var windowEnd = Math.Min(end, clipEnd);
        for (var i = first; i < events.Length && events[i].Timestamp < windowEnd; i++)
        {
            ref readonly var e = ref events[i];
            var t = e.Timestamp;
            var agentKey = ((long)e.Tenant << 32) | (uint)e.Agent;
            var callKey = ((long)e.Tenant << 32) | (uint)e.Call;
            switch (e.Type)
            {
                case EventType.AgentLogin:
                case EventType.AgentState:
                case EventType.AgentLogout:
                {
                    ref var agent = ref CollectionsMarshal.GetValueRefOrAddDefault(agents, agentKey, out var known);
                    if (!known)
                    {
                        agent.Since = t;
                    }

                    CloseStatus(ref agent, agentKey, t, start, end, agentTallies);
                    agent.LoggedIn = e.Type != EventType.AgentLogout;
                    agent.NotReady = e.Type != EventType.AgentLogout && e.State == AgentChosenState.NotReady;
                    agent.WrapUntil = 0;
                    break;
                }

                case EventType.CallQueued:
                {
                    ref var call = ref CollectionsMarshal.GetValueRefOrAddDefault(calls, callKey, out _);
                    EndLeg(ref call, agents, agentTallies, t, start, end, wrap: true);
                    call.Queue = ((long)e.Tenant << 32) | (uint)e.Queue;
                    call.QueuedAt = t;
                    if (t >= start)
                    {
                        Queue(queueTallies, call.Queue).Offered++;
                    }

                    break;
                }

                case EventType.CallAnswered:
                {
                    ref var call = ref CollectionsMarshal.GetValueRefOrAddDefault(calls, callKey, out _);
                    EndLeg(ref call, agents, agentTallies, t, start, end, wrap: true);
                    if (call.QueuedAt != 0 && t >= start)
                    {
                        ref var queue = ref Queue(queueTallies, call.Queue);
                        var wait = t - call.QueuedAt;
                        queue.Answered++;
                        queue.AnsweredWaitNs += wait;
                        queue.AnsweredWithinThreshold += wait <= _serviceLevelNs ? 1 : 0;
                        queue.ObserveWait(wait);
                    }

                    call.QueuedAt = 0;
                    call.Agent = agentKey;
                    call.AnsweredAt = t;
                    call.SegmentStart = t;
                    call.Held = false;
                    ref var agent = ref CollectionsMarshal.GetValueRefOrAddDefault(agents, agentKey, out var known);
                    if (!known)
                    {
                        agent.Since = t;
                        agent.LoggedIn = true;
                    }

                    CloseStatus(ref agent, agentKey, t, start, end, agentTallies);
                    agent.Legs++;
                    break;
                }

                case EventType.CallHeld:
                case EventType.CallRetrieved:
                {
                    if (calls.TryGetValue(callKey, out var call) && call.Agent != 0)
                    {
                        AddSegment(agentTallies, call.Agent, call.Held ? Segment.Hold : Segment.Talk, call.SegmentStart, t, start, end);
                        call.SegmentStart = t;
                        call.Held = e.Type == EventType.CallHeld;
                        calls[callKey] = call;
                    }

                    break;
                }

                case EventType.CallTransferred:
                {
                    ref var call = ref CollectionsMarshal.GetValueRefOrAddDefault(calls, callKey, out _);
                    if (call.Agent != 0 && t >= start)
                    {
                        Agent(agentTallies, call.Agent).Transfers++;
                    }

                    EndLeg(ref call, agents, agentTallies, t, start, end, wrap: true);
                    break;
                }

                case EventType.CallEnded:
                {
                    if (calls.Remove(callKey, out var call))
                    {
                        if (call.Agent != 0)
                        {
                            EndLeg(ref call, agents, agentTallies, t, start, end, wrap: true);
                        }
                        else if (call.QueuedAt != 0 && t >= start)
                        {
                            ref var queue = ref Queue(queueTallies, call.Queue);
                            var wait = t - call.QueuedAt;
                            if (wait < _shortAbandonNs)
                            {
                                queue.ShortAbandoned++;
                            }
                            else
                            {
                                queue.Abandoned++;
                            }

                            queue.ObserveWait(wait);
                        }
                    }

                    break;
                }

                case EventType.WrapEnded:
                {
                    if (agents.TryGetValue(agentKey, out var agent) && agent.WrapUntil > 0)
                    {
                        var wrapEnd = Math.Min(t, agent.WrapUntil);
                        AddSegment(agentTallies, agentKey, Segment.Wrap, agent.WrapFrom, wrapEnd, start, end);
                        CloseStatus(ref agent, agentKey, wrapEnd, start, end, agentTallies);
                        if (wrapEnd >= start)
                        {
                            ref var tally = ref Agent(agentTallies, agentKey);
                            tally.Handled++;
                            tally.HandleNs += agent.LastHandleNs + (wrapEnd - agent.WrapFrom);
                        }

                        agent.WrapUntil = 0;
                        agents[agentKey] = agent;
                    }

                    break;
                }

                case EventType.SurveyCompleted:
                {
                    if (e.Agent != 0 && t >= start)
                    {
                        ref var tally = ref Agent(agentTallies, agentKey);
                        tally.Surveys++;
                        tally.ScoreSum += e.Score;
                    }

                    break;
                }

                default:
                    break;
            }
        }

        // Open time up to the window end.
        foreach (var (key, call) in calls)
        {
            if (call.Agent != 0)
            {
                AddSegment(agentTallies, call.Agent, call.Held ? Segment.Hold : Segment.Talk, call.SegmentStart, windowEnd, start, end);
            }
        }

        foreach (var key in agents.Keys)
        {
            ref var agent = ref CollectionsMarshal.GetValueRefOrNullRef(agents, key);
            CloseStatus(ref agent, key, windowEnd, start, end, agentTallies);
        }

        var lines = 0;
        foreach (var tally in agentTallies.Values)
        {
            lines += tally.HasActivity ? 1 : 0;
        }

        foreach (var tally in queueTallies.Values)
        {
            lines += tally.HasActivity ? 1 : 0;
        }

        Lines += lines;
        OnWindow?.Invoke(start, end, agentTallies, queueTallies);
    }

    private void EndLeg(ref CallState call, Dictionary<long, AgentState> agents, Dictionary<long, AgentTally> tallies, long t, long start, long end, bool wrap)
    {
        if (call.Agent == 0)
        {
            return;
        }

        AddSegment(tallies, call.Agent, call.Held ? Segment.Hold : Segment.Talk, call.SegmentStart, t, start, end);
        ref var agent = ref CollectionsMarshal.GetValueRefOrNullRef(agents, call.Agent);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref agent))
        {
            CloseStatus(ref agent, call.Agent, t, start, end, tallies);
            agent.Legs = Math.Max(0, agent.Legs - 1);
            if (wrap)
            {
                agent.WrapFrom = t;
                agent.WrapUntil = t + _maxWrapNs;
                agent.LastHandleNs = t - call.AnsweredAt;
            }
        }

        call.Agent = 0;
    }

    private static void CloseStatus(ref AgentState agent, long key, long t, long start, long end, Dictionary<long, AgentTally> tallies)
    {
        if (agent.LoggedIn && t > agent.Since)
        {
            var overlap = Math.Min(t, end) - Math.Max(agent.Since, start);
            if (overlap > 0)
            {
                ref var tally = ref Agent(tallies, key);
                if (agent.Legs > 0 || agent.WrapUntil > agent.Since)
                {
                    tally.BusyNs += overlap;
                }
                else if (agent.NotReady)
                {
                    tally.NotReadyNs += overlap;
                }
                else
                {
                    tally.AvailableNs += overlap;
                }
            }
        }

        agent.Since = Math.Max(agent.Since, t);
    }

    private static void AddSegment(Dictionary<long, AgentTally> tallies, long agent, Segment segment, long from, long to, long start, long end)
    {
        var overlap = Math.Min(to, end) - Math.Max(from, start);
        if (overlap <= 0)
        {
            return;
        }

        ref var tally = ref Agent(tallies, agent);
        switch (segment)
        {
            case Segment.Talk: tally.TalkNs += overlap; break;
            case Segment.Hold: tally.HoldNs += overlap; break;
            default: tally.WrapNs += overlap; break;
        }
    }

    private static ref AgentTally Agent(Dictionary<long, AgentTally> tallies, long key) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, key, out _);

    private static ref QueueTally Queue(Dictionary<long, QueueTally> tallies, long key) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, key, out _);

    private static int LowerBound(ReadOnlySpan<CanonicalEvent> events, int from, long t)
    {
        int lo = from, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (events[mid].Timestamp < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private enum Segment
    {
        Talk,
        Hold,
        Wrap,
    }

    [StructLayout(LayoutKind.Auto)]
    private struct CallState
    {
        public long Agent;
        public long Queue;
        public long QueuedAt;
        public long AnsweredAt;
        public long SegmentStart;
        public bool Held;
    }

    [StructLayout(LayoutKind.Auto)]
    private struct AgentState
    {
        public bool LoggedIn;
        public bool NotReady;
        public int Legs;
        public long Since;
        public long WrapFrom;
        public long WrapUntil;
        public long LastHandleNs;
    }
}
