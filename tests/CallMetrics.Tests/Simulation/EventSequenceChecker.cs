using System.Text.Json;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

/// <summary>
/// Walks a stream of canonical events through per-call and per-agent state machines and records every
/// step that a real contact center could not produce (answer by a busy or logged-out agent, wrap before
/// the end, time going back, ...). Also collects the numbers the statistics tests need.
/// </summary>
internal sealed class EventSequenceChecker
{
    private readonly Dictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentState> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly bool _allowOverlappingLegs;
    private long _lastNs = long.MinValue;

    public EventSequenceChecker(bool allowOverlappingLegs = false) => _allowOverlappingLegs = allowOverlappingLegs;

    public List<string> Violations { get; } = [];

    public int OverlappingAnswers { get; private set; }

    public long Events { get; private set; }

    public Dictionary<string, int> CountByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Talk per ended leg (answer to end of connection, hold excluded), in seconds.</summary>
    public List<double> TalkSeconds { get; } = [];

    /// <summary>Talk per ended leg, by the call's <c>call_type</c>.</summary>
    public Dictionary<string, List<double>> TalkSecondsByCallType { get; } = new(StringComparer.Ordinal);

    /// <summary>Waits of queue visits that ended in an abandon, in seconds.</summary>
    public List<double> AbandonWaits { get; } = [];

    public int QueueVisits { get; private set; }

    public int Answers { get; private set; }

    public int LegsWithHold { get; private set; }

    /// <summary>Answers of inbound calls that were the call's first answer.</summary>
    public int FirstInboundAnswers { get; private set; }

    /// <summary>Calls that arrived with <c>direction: outbound</c>.</summary>
    public int OutboundCalls { get; private set; }

    /// <summary><c>call.transferred</c> by <c>to_queue</c>.</summary>
    public Dictionary<string, int> TransfersTo { get; } = new(StringComparer.Ordinal);

    /// <summary><c>wrap.ended</c> by <c>disposition</c> (empty string: none).</summary>
    public Dictionary<string, int> Dispositions { get; } = new(StringComparer.Ordinal);

    /// <summary><c>call.arrived</c> by <c>call_type</c> (empty string: none).</summary>
    public Dictionary<string, int> CallTypes { get; } = new(StringComparer.Ordinal);

    public void Check(IEnumerable<SimulatedEvent> events)
    {
        foreach (var e in events)
        {
            Apply(e);
        }
    }

    public void Apply(SimulatedEvent e)
    {
        Events++;
        var where = $"event {Events}";
        if (Violations.Count > 50)
        {
            return;
        }

        var contract = EventContract.Violation(e);
        if (contract is not null)
        {
            Violations.Add($"{where}: {contract}");
            return;
        }

        if (e.TimestampNanoseconds < _lastNs)
        {
            Violations.Add($"{where}: time goes back");
        }

        _lastNs = e.TimestampNanoseconds;
        using var document = JsonDocument.Parse(e.Json);
        var root = document.RootElement;
        var id = root.GetProperty("event_id").GetString()!;
        if (!_ids.Add(id))
        {
            Violations.Add($"{where}: duplicate event_id {id}");
        }

        var type = root.GetProperty("type").GetString()!;
        CountByType[type] = CountByType.GetValueOrDefault(type) + 1;
        where = $"{where} ({type} {e.Key})";
        string? Agent() => root.TryGetProperty("agent_id", out var a) ? a.GetString() : null;
        var now = e.TimestampNanoseconds;

        if (type.StartsWith("agent.", StringComparison.Ordinal))
        {
            var agent = _agents.TryGetValue(e.Key, out var existing) ? existing : _agents[e.Key] = new AgentState();
            switch (type)
            {
                case "agent.login":
                    Expect(!agent.LoggedIn, where, "login while logged in");
                    agent.LoggedIn = true;
                    agent.NotReady = root.TryGetProperty("state", out var s) && s.GetString() == "not_ready";
                    break;
                case "agent.state":
                    Expect(agent.LoggedIn, where, "state change while logged out");
                    Expect(agent.Connected.Count == 0, where, "state change while connected to a call");
                    agent.NotReady = root.GetProperty("state").GetString() == "not_ready";
                    agent.WrapCalls.Clear(); // METRICS: agent.state ends wrap
                    break;
                default:
                    Expect(agent.LoggedIn, where, "logout while logged out");
                    Expect(agent.Connected.Count == 0, where, "logout while connected to a call");
                    agent.LoggedIn = false;
                    agent.WrapCalls.Clear();
                    break;
            }

            return;
        }

        var isNew = !_calls.TryGetValue(e.Key, out var call);
        call ??= _calls[e.Key] = new CallState();
        Expect(call.Phase != Phase.Ended || type is "survey.completed" or "wrap.ended", where, "event after the call ended");
        switch (type)
        {
            case "call.arrived":
                Expect(isNew, where, "arrived twice");
                call.Phase = Phase.Ivr;
                call.Outbound = root.TryGetProperty("direction", out var direction) && direction.GetString() == "outbound";
                OutboundCalls += call.Outbound ? 1 : 0;
                var callType = root.TryGetProperty("call_type", out var t) ? t.GetString()! : string.Empty;
                CallTypes[callType] = CallTypes.GetValueOrDefault(callType) + 1;
                call.CallType = callType;
                break;
            case "call.queued":
                Expect(call.Phase is Phase.Ivr or Phase.Transferring, where, $"queued from {call.Phase}");
                call.Phase = Phase.Queued;
                call.QueuedNs = now;
                QueueVisits++;
                break;
            case "call.answered":
            {
                // EVENTS.md: an outbound call is answered without a queue visit.
                Expect(call.Phase == Phase.Queued || (call.Phase == Phase.Ivr && call.Outbound), where, $"answered from {call.Phase}");
                FirstInboundAnswers += !call.Outbound && call.AnsweredNs == 0 ? 1 : 0;
                var agentId = Agent()!;
                var agent = _agents.GetValueOrDefault(agentId);
                Expect(agent is { LoggedIn: true }, where, $"answered by {agentId} who is not logged in");
                if (agent is not null)
                {
                    Expect(!agent.NotReady, where, $"answered by {agentId} who is not ready");
                    if (agent.Connected.Count > 0)
                    {
                        OverlappingAnswers++;
                        Expect(_allowOverlappingLegs, where, $"answered by {agentId} who is on {string.Join(",", agent.Connected)}");
                    }

                    agent.Connected.Add(e.Key);
                    agent.WrapCalls.Clear(); // METRICS: an answer ends wrap
                }

                call.Phase = Phase.Connected;
                call.Agent = agentId;
                call.AnsweredNs = now;
                call.HeldNs = 0;
                call.HoldTotalNs = 0;
                Answers++;
                break;
            }

            case "call.held":
                Expect(call.Phase == Phase.Connected && call.HeldNs == 0, where, "held while not connected or already held");
                Expect(Agent() == call.Agent, where, "held by an agent who is not connected");
                call.HeldNs = now;
                break;
            case "call.retrieved":
                Expect(call.Phase == Phase.Connected && call.HeldNs != 0, where, "retrieved while not held");
                Expect(Agent() == call.Agent, where, "retrieved by an agent who is not connected");
                call.HoldTotalNs += now - call.HeldNs;
                call.HeldNs = 0;
                break;
            case "call.transferred":
            case "call.ended":
                if (type == "call.transferred")
                {
                    var toQueue = root.TryGetProperty("to_queue", out var q) ? q.GetString()! : string.Empty;
                    TransfersTo[toQueue] = TransfersTo.GetValueOrDefault(toQueue) + 1;
                }

                if (call.Phase == Phase.Connected)
                {
                    var agentId = Agent();
                    Expect(type == "call.ended" ? agentId is null || agentId == call.Agent : agentId == call.Agent, where, "connection ended by another agent");
                    Expect(call.HeldNs == 0, where, "connection ended while on hold");
                    var talk = (now - call.AnsweredNs - call.HoldTotalNs) / 1e9;
                    TalkSeconds.Add(talk);
                    if (!TalkSecondsByCallType.TryGetValue(call.CallType, out var byType))
                    {
                        TalkSecondsByCallType[call.CallType] = byType = [];
                    }

                    byType.Add(talk);
                    if (call.HoldTotalNs > 0)
                    {
                        LegsWithHold++;
                    }

                    if (_agents.TryGetValue(call.Agent!, out var agent))
                    {
                        agent.Connected.Remove(e.Key);
                        agent.WrapCalls.Add(e.Key);
                    }

                    call.WrapAgent = call.Agent;
                    call.Phase = type == "call.ended" ? Phase.Ended : Phase.Transferring;
                    call.EndedNs = now;
                }
                else
                {
                    Expect(type == "call.ended", where, $"transferred from {call.Phase}");
                    Expect(Agent() is null, where, "call.ended names an agent but nobody is connected");
                    if (call.Phase == Phase.Queued)
                    {
                        AbandonWaits.Add((now - call.QueuedNs) / 1e9);
                    }

                    call.Phase = Phase.Ended;
                    call.EndedNs = now;
                }

                break;
            case "wrap.ended":
            {
                var agentId = Agent()!;
                var agent = _agents.GetValueOrDefault(agentId);
                Expect(agent is not null && agent.WrapCalls.Contains(e.Key), where, $"wrap.ended but {agentId} is not in wrap for this call");
                agent?.WrapCalls.Remove(e.Key);
                var disposition = root.TryGetProperty("disposition", out var d) ? d.GetString()! : string.Empty;
                Dispositions[disposition] = Dispositions.GetValueOrDefault(disposition) + 1;

                break;
            }

            case "survey.completed":
                Expect(call.Phase == Phase.Ended, where, "survey before the call ended");
                break;
            default:
                Violations.Add($"{where}: unknown type");
                break;
        }
    }

    private void Expect(bool condition, string where, string what)
    {
        if (!condition)
        {
            Violations.Add($"{where}: {what}");
        }
    }

    private enum Phase
    {
        Ivr,
        Queued,
        Connected,
        Transferring,
        Ended,
    }

    private sealed class CallState
    {
        public Phase Phase { get; set; }

        public bool Outbound { get; set; }

        public string CallType { get; set; } = string.Empty;

        public string? Agent { get; set; }

        public string? WrapAgent { get; set; }

        public long QueuedNs { get; set; }

        public long AnsweredNs { get; set; }

        public long HeldNs { get; set; }

        public long HoldTotalNs { get; set; }

        public long EndedNs { get; set; }
    }

    private sealed class AgentState
    {
        public bool LoggedIn { get; set; }

        public bool NotReady { get; set; }

        public HashSet<string> Connected { get; } = new(StringComparer.Ordinal);

        public HashSet<string> WrapCalls { get; } = new(StringComparer.Ordinal);
    }
}
