using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// Translates Asterisk's queue_log (<c>epoch|callid|queue|agent|EVENT|data1|data2|...</c>, app_queue) into canonical
/// events. The mapping, what is lost and why are in docs/INPUTS.md; the rules cited below are from that table.
/// </summary>
public sealed class AsteriskQueueLogTranslator : IEventTranslator
{
    /// <summary>The <c>--format</c> name.</summary>
    public const string FormatName = "asterisk-queue-log";

    /// <summary>How long a call with no queue_log line is remembered (input time): 6 h, longer than any queue call.</summary>
    public static readonly TimeSpan CallRetention = TimeSpan.FromHours(6);

    // queue_log records no hold (COMPLETE*'s "holdtime" is the queue wait) and no surveys.
    private static readonly FrozenSet<string> s_unavailable = new[] { "hold_s", "surveys", "csat" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly TranslatorOptions _options;
    private readonly CanonicalEventWriter _writer;
    private readonly TimeOrderedBuffer _buffer = new();
    private readonly Dictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentState> _agents = new(StringComparer.Ordinal);
    private DateTimeOffset _latestLineTime = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Creates a translator; <paramref name="options"/> must be valid (<see cref="TranslatorOptions.TryValidate"/>).</summary>
    public AsteriskQueueLogTranslator(TranslatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _writer = new CanonicalEventWriter();
    }

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <inheritdoc/>
    public IReadOnlySet<string> UnavailableFields => s_unavailable;

    /// <inheritdoc/>
    public bool TryTranslate(ReadOnlySpan<byte> record, long lineNumber, List<byte[]> events, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(events);
        var line = Encoding.UTF8.GetString(record).TrimEnd('\r', '\n');
        var fields = line.Split('|');
        if (fields.Length < 5)
        {
            reason = $"a queue_log line has at least 5 fields (epoch|callid|queue|agent|EVENT), found {fields.Length}";
            return false;
        }

        if (!TryParseEpoch(fields[0], out var ts))
        {
            reason = $"timestamp '{fields[0]}' is not Unix epoch seconds";
            return false;
        }

        if (ts < _buffer.ReleasedThrough)
        {
            reason = $"line time {CanonicalEventWriter.FormatTimestamp(ts)} is out of order by more than the reorder window ({_options.AsteriskReorderWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)";
            return false;
        }

        var context = new Line(ts, fields[1], fields[2], fields[3], fields[4], fields.AsSpan(5).ToArray(), lineNumber);
        if (!TryCheckNumbers(context, out reason) || !TryApply(context, out reason))
        {
            return false;
        }

        if (ts > _latestLineTime)
        {
            _latestLineTime = ts;
            ForgetIdleCalls();
        }

        if (_latestLineTime - DateTimeOffset.MinValue > _options.AsteriskReorderWindow)
        {
            _buffer.ReleaseThrough(_latestLineTime - _options.AsteriskReorderWindow, events);
        }

        reason = null;
        return true;
    }

    /// <inheritdoc/>
    public void Complete(List<byte[]> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _buffer.ReleaseAll(events);
    }

    private static bool TryParseEpoch(string text, out DateTimeOffset ts)
    {
        ts = default;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || seconds > 253_402_300_799m)
        {
            return false;
        }

        ts = DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Truncate(seconds * 1000m));
        return true;
    }

    /// <summary>
    /// The numeric parameters of each event, by position, as Asterisk documents them. A parameter that an older
    /// version does not write may be missing; one that is written must be a number, or the line is not what it claims.
    /// </summary>
    private static bool TryCheckNumbers(Line line, out string? reason)
    {
        int[] positions = line.Event switch
        {
            "CONNECT" => [0, 2],                                   // holdtime|bridgedchanneluniqueid|ringtime
            "COMPLETEAGENT" or "COMPLETECALLER" => [0, 1, 2],      // holdtime|calltime|origposition
            "TRANSFER" or "BLINDTRANSFER" => [2, 3, 4],            // extension|context|holdtime|calltime|origposition
            "ABANDON" or "EXITWITHTIMEOUT" or "EXITEMPTY" => [0, 1, 2], // position|origposition|waittime
            "EXITWITHKEY" => [1, 2, 3],                            // key|position|origposition|waittime
            "RINGNOANSWER" or "RINGCANCELED" => [0],               // ringtime (ms)
            _ => [],
        };

        // ATTENDEDTRANSFER's method data varies in length (BRIDGE|id, APP|app, LINK|chan|chan): the last three are numbers.
        if (line.Event == "ATTENDEDTRANSFER")
        {
            if (line.DataFields.Length < 5 || line.DataFields[0] is not ("BRIDGE" or "APP" or "LINK"))
            {
                reason = "ATTENDEDTRANSFER is BRIDGE|bridge, APP|app or LINK|channel|channel, then holdtime|calltime|origposition";
                return false;
            }

            positions = [line.DataFields.Length - 3, line.DataFields.Length - 2, line.DataFields.Length - 1];
        }

        foreach (var position in positions)
        {
            var text = line.Data(position);
            if (text.Length > 0 && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{line.Event} parameter {position + 1} '{text}' is not a number");
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>
    /// Calls with no line for <see cref="CallRetention"/> of input time are forgotten, so a long-running service does not
    /// keep every call it has seen. A uniqueid seen again after that starts over as a new call with the same id.
    /// </summary>
    private void ForgetIdleCalls()
    {
        if (_latestLineTime < _nextSweep)
        {
            return;
        }

        var cutoff = _latestLineTime - CallRetention;
        List<string>? idle = null;
        foreach (var (id, call) in _calls)
        {
            if (call.LastSeen < cutoff)
            {
                (idle ??= []).Add(id);
            }
        }

        foreach (var id in idle ?? [])
        {
            _calls.Remove(id);
        }

        _nextSweep = _latestLineTime + TimeSpan.FromMinutes(10);
    }

    private static bool IsNone(string value) => value.Length == 0 || string.Equals(value, "NONE", StringComparison.Ordinal);

    private bool TryApply(Line line, out string? reason)
    {
        switch (line.Event)
        {
            case "ENTERQUEUE":
                return TryEnterQueue(line, out reason);
            case "CONNECT":
                return TryConnect(line, out reason);
            case "COMPLETEAGENT":
            case "COMPLETECALLER":
                return TryComplete(line, out reason);
            case "TRANSFER":
            case "BLINDTRANSFER":
            case "ATTENDEDTRANSFER":
                return TryTransfer(line, out reason);
            case "ABANDON":
            case "EXITWITHTIMEOUT":
            case "EXITEMPTY":
            case "EXITWITHKEY":
                return TryExit(line, out reason);
            case "AGENTLOGIN":
            case "AGENTCALLBACKLOGIN":
                return TryAgent(line, static (agent, _) => agent.AgentLoggedIn = true, out reason);
            case "AGENTLOGOFF":
            case "AGENTCALLBACKLOGOFF":
                return TryAgent(line, static (agent, _) =>
                {
                    agent.AgentLoggedIn = false;
                    agent.Queues.Clear();
                    agent.PausedQueues.Clear();
                    agent.PausedAll = false;
                }, out reason);
            case "ADDMEMBER":
                return TryMember(line, static (agent, l) =>
                {
                    agent.Queues.Add(l.Queue);
                    if (string.Equals(l.Data(0), "PAUSED", StringComparison.OrdinalIgnoreCase))
                    {
                        agent.PausedQueues.Add(l.Queue);
                        agent.PauseReason = null;
                    }
                }, out reason);
            case "REMOVEMEMBER":
                return TryMember(line, static (agent, l) =>
                {
                    agent.Queues.Remove(l.Queue);
                    agent.PausedQueues.Remove(l.Queue);
                }, out reason);
            case "PAUSE":
                return TryMember(line, static (agent, l) =>
                {
                    agent.PausedQueues.Add(l.Queue);
                    agent.PauseReason = PauseReason(l);
                }, out reason);
            case "UNPAUSE":
                return TryMember(line, static (agent, l) => agent.PausedQueues.Remove(l.Queue), out reason);
            case "PAUSEALL":
                return TryAgent(line, static (agent, l) =>
                {
                    agent.PausedAll = true;
                    agent.PauseReason = PauseReason(l);
                }, out reason);
            case "UNPAUSEALL":
                return TryAgent(line, static (agent, _) =>
                {
                    agent.PausedAll = false;
                    agent.PausedQueues.Clear();
                }, out reason);
            case "QUEUESTART":
                EndAllCalls(line);
                reason = null;
                return true;

            // Recognised, but the canonical schema has nothing for them (INPUTS.md, "no event").
            case "RINGNOANSWER":
            case "RINGCANCELED":
            case "AGENTDUMP":
            case "SYSCOMPAT":
            case "CONFIGRELOAD":
            case "DID":
            case "INFO":
                reason = null;
                return true;
            default:
                reason = $"unknown queue_log event '{line.Event}'";
                return false;
        }
    }

    private static string? PauseReason(Line line)
    {
        var text = line.Data(0).Trim();
        return text.Length == 0 ? null : text.ToLowerInvariant();
    }

    private bool TryEnterQueue(Line line, out string? reason)
    {
        if (!RequireCall(line, out reason) || !RequireQueue(line, out reason))
        {
            return false;
        }

        var call = OpenCall(line.CallId, line.Time, out var started);
        var ids = new IdSequence(line);
        if (started)
        {
            // ENTERQUEUE(url|callerid[|position]): the caller id is the only trace of the customer.
            Emit(line.Time, ids.Next(), CanonicalNames.CallArrived, call.CanonicalId, null, (CanonicalNames.Caller, NullIfUnknown(line.Data(1))));
        }

        Emit(line.Time, ids.Next(), CanonicalNames.CallQueued, call.CanonicalId, null, (CanonicalNames.Queue, line.Queue));
        call.Agent = null;
        call.Queue = line.Queue;
        return true;
    }

    private bool TryConnect(Line line, out string? reason)
    {
        if (!RequireCall(line, out reason) || !RequireQueue(line, out reason) || !RequireAgent(line, out reason))
        {
            return false;
        }

        var call = OpenCall(line.CallId, line.Time, out _);
        var agent = AgentId(line.Agent);

        // METRICS: an answer ends all of the agent's wraps, so a wrap end scheduled later would only be an anomaly.
        _buffer.CancelWrapEnds(agent, line.Time);
        Emit(line.Time, new IdSequence(line).Next(), CanonicalNames.CallAnswered, call.CanonicalId, agent, (CanonicalNames.Queue, line.Queue));
        call.Agent = agent;
        call.Queue = line.Queue;
        return true;
    }

    private bool TryComplete(Line line, out string? reason)
    {
        if (!RequireCall(line, out reason) || !RequireAgent(line, out reason))
        {
            return false;
        }

        var call = OpenCall(line.CallId, line.Time, out _);
        var agent = AgentId(line.Agent);
        var ids = new IdSequence(line);
        Emit(line.Time, ids.Next(), CanonicalNames.CallEnded, call.CanonicalId, agent);
        ScheduleWrapEnd(line, ids.Next(), call.CanonicalId, agent, QueueOf(line, call));
        call.Agent = null;
        call.Ended = true;
        return true;
    }

    private bool TryTransfer(Line line, out string? reason)
    {
        if (!RequireCall(line, out reason) || !RequireAgent(line, out reason))
        {
            return false;
        }

        var call = OpenCall(line.CallId, line.Time, out _);
        var agent = AgentId(line.Agent);
        var ids = new IdSequence(line);

        // The target is a dialplan extension (TRANSFER/BLINDTRANSFER) or a bridge/app/channel pair
        // (ATTENDEDTRANSFER), none of which names a queue or an agent: the next ENTERQUEUE or CONNECT of
        // the same uniqueid says where the call went.
        Emit(line.Time, ids.Next(), CanonicalNames.CallTransferred, call.CanonicalId, agent);
        ScheduleWrapEnd(line, ids.Next(), call.CanonicalId, agent, QueueOf(line, call));
        call.Agent = null;
        return true;
    }

    private bool TryExit(Line line, out string? reason)
    {
        if (!RequireCall(line, out reason))
        {
            return false;
        }

        var call = OpenCall(line.CallId, line.Time, out _);

        // The caller left the queue unanswered: EVENTS.md call.ended while queued = abandoned visit.
        Emit(line.Time, new IdSequence(line).Next(), CanonicalNames.CallEnded, call.CanonicalId, null);
        call.Ended = true;
        call.Agent = null;
        return true;
    }

    private void EndAllCalls(Line line)
    {
        // A restart cuts every call, and queue_log writes no end for them: end them at QUEUESTART, the first
        // instant the log proves they are gone (INPUTS.md), rather than leave agents talking forever.
        var ids = new IdSequence(line);
        foreach (var (_, call) in _calls.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (call.Ended)
            {
                continue;
            }

            Emit(line.Time, ids.Next(), CanonicalNames.CallEnded, call.CanonicalId, call.Agent);
            if (call.Agent is not null)
            {
                ScheduleWrapEnd(line, ids.Next(), call.CanonicalId, call.Agent, call.Queue ?? string.Empty);
            }

            call.Ended = true;
            call.Agent = null;
        }
    }

    private bool TryAgent(Line line, Action<AgentState, Line> change, out string? reason)
    {
        if (!RequireAgent(line, out reason))
        {
            return false;
        }

        var id = AgentId(line.Agent);
        if (!_agents.TryGetValue(id, out var agent))
        {
            agent = new AgentState();
            _agents.Add(id, agent);
        }

        change(agent, line);
        SyncAgent(line, id, agent);
        return true;
    }

    private bool TryMember(Line line, Action<AgentState, Line> change, out string? reason)
    {
        if (IsNone(line.Queue))
        {
            reason = $"{line.Event} needs a queue name";
            return false;
        }

        return TryAgent(line, change, out reason);
    }

    /// <summary>Emits what changed in the agent's derived login and state.</summary>
    private void SyncAgent(Line line, string id, AgentState agent)
    {
        var loggedIn = agent.AgentLoggedIn || agent.Queues.Count > 0;
        var notReady = agent.PausedAll
            || (agent.PausedQueues.Count > 0 && (agent.Queues.Count == 0 || agent.Queues.IsSubsetOf(agent.PausedQueues)));
        var state = notReady ? "not_ready" : "available";
        var reason = notReady ? agent.PauseReason : null;
        var ids = new IdSequence(line);

        if (loggedIn && !agent.EmittedLoggedIn)
        {
            Emit(line.Time, ids.Next(), CanonicalNames.AgentLogin, null, id, (CanonicalNames.State, state), (CanonicalNames.Reason, reason));
        }
        else if (!loggedIn && agent.EmittedLoggedIn)
        {
            _buffer.CancelWrapEnds(id, line.Time);
            Emit(line.Time, ids.Next(), CanonicalNames.AgentLogout, null, id);
        }
        else if (loggedIn && (!string.Equals(state, agent.EmittedState, StringComparison.Ordinal) || !string.Equals(reason, agent.EmittedReason, StringComparison.Ordinal)))
        {
            // METRICS: agent.state ends wrap; a wrap end scheduled after it would be an anomaly.
            _buffer.CancelWrapEnds(id, line.Time);
            Emit(line.Time, ids.Next(), CanonicalNames.AgentState, null, id, (CanonicalNames.State, state), (CanonicalNames.Reason, reason));
        }

        agent.EmittedLoggedIn = loggedIn;
        agent.EmittedState = loggedIn ? state : null;
        agent.EmittedReason = loggedIn ? reason : null;
    }

    private void ScheduleWrapEnd(Line line, string eventId, string callId, string agent, string queue)
    {
        // queue_log has no wrap end: the member is held out of the queue for the queue's wrapuptime.
        var end = line.Time + _options.WrapUpFor(queue);
        var json = _writer.Begin(eventId, CanonicalNames.WrapEnded, end, _options.Tenant).Field(CanonicalNames.CallId, callId).Field(CanonicalNames.AgentId, agent).End();
        _buffer.Add(end, json, agent);
    }

    private static string QueueOf(Line line, CallState call) => IsNone(line.Queue) ? call.Queue ?? string.Empty : line.Queue;

    private void Emit(DateTimeOffset ts, string eventId, JsonEncodedText type, string? callId, string? agentId, params (JsonEncodedText Name, string? Value)[] fields)
    {
        _writer.Begin(eventId, type, ts, _options.Tenant).Field(CanonicalNames.CallId, callId).Field(CanonicalNames.AgentId, agentId);
        foreach (var (name, value) in fields)
        {
            _writer.Field(name, value);
        }

        _buffer.Add(ts, _writer.End());
    }

    private CallState OpenCall(string uniqueId, DateTimeOffset seen, out bool started)
    {
        if (!_calls.TryGetValue(uniqueId, out var call))
        {
            call = new CallState(uniqueId) { LastSeen = seen };
            _calls.Add(uniqueId, call);
            started = true;
            return call;
        }

        call.LastSeen = seen;

        started = call.Ended;
        if (call.Ended)
        {
            // The caller left a queue (or an agent) and the same channel shows up again, e.g. EXITWITHTIMEOUT
            // to another queue: the canonical call has ended, so this is a new call with a suffixed id.
            call.StartNextSegment();
        }

        return call;
    }

    private string AgentId(string raw)
    {
        if (_options.AsteriskAgentAliases.TryGetValue(raw, out var alias))
        {
            return alias;
        }

        var normalized = _options.AsteriskAgentNaming == AsteriskAgentNaming.AsWritten ? raw : StripTechnology(raw);
        return _options.AsteriskAgentAliases.TryGetValue(normalized, out alias) ? alias : normalized;
    }

    /// <summary><c>SIP/1001</c>, <c>Local/1001@agents/n</c>, <c>Agent/1001</c> to <c>1001</c>.</summary>
    internal static string StripTechnology(string raw)
    {
        var slash = raw.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == raw.Length - 1)
        {
            return raw;
        }

        var rest = raw[(slash + 1)..];
        var end = rest.IndexOfAny(['@', '/']);
        return end > 0 ? rest[..end] : rest;
    }

    private static string? NullIfUnknown(string value) =>
        value.Length == 0 || string.Equals(value, "unknown", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static bool RequireCall(Line line, out string? reason)
    {
        reason = IsNone(line.CallId) || string.Equals(line.CallId, "REALTIME", StringComparison.Ordinal)
            ? $"{line.Event} needs the caller's uniqueid in the callid field"
            : null;
        return reason is null;
    }

    private static bool RequireQueue(Line line, out string? reason)
    {
        reason = IsNone(line.Queue) ? $"{line.Event} needs a queue name" : null;
        return reason is null;
    }

    private static bool RequireAgent(Line line, out string? reason)
    {
        reason = IsNone(line.Agent) ? $"{line.Event} needs an agent (queue member) name" : null;
        return reason is null;
    }

    private sealed record Line(DateTimeOffset Time, string CallId, string Queue, string Agent, string Event, string[] DataFields, long Number)
    {
        public string Data(int index) => index < DataFields.Length ? DataFields[index] : string.Empty;
    }

    /// <summary>Deterministic, unique ids: <c>ast-&lt;uniqueid&gt;-&lt;line&gt;-&lt;n&gt;</c>.</summary>
    private sealed class IdSequence(Line line)
    {
        private int _next;

        public string Next() => string.Create(CultureInfo.InvariantCulture, $"ast-{line.CallId}-{line.Number}-{_next++}");
    }

    private sealed class CallState
    {
        private readonly string _uniqueId;
        private int _segment = 1;

        public CallState(string uniqueId)
        {
            _uniqueId = uniqueId;
            CanonicalId = uniqueId;
        }

        public string CanonicalId { get; private set; }

        public bool Ended { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public string? Agent { get; set; }

        public string? Queue { get; set; }

        public void StartNextSegment()
        {
            _segment++;
            CanonicalId = string.Create(CultureInfo.InvariantCulture, $"{_uniqueId}-{_segment}");
            Ended = false;
            Agent = null;
        }
    }

    private sealed class AgentState
    {
        public bool AgentLoggedIn { get; set; }

        public HashSet<string> Queues { get; } = new(StringComparer.Ordinal);

        public HashSet<string> PausedQueues { get; } = new(StringComparer.Ordinal);

        public bool PausedAll { get; set; }

        public string? PauseReason { get; set; }

        public bool EmittedLoggedIn { get; set; }

        public string? EmittedState { get; set; }

        public string? EmittedReason { get; set; }
    }
}
