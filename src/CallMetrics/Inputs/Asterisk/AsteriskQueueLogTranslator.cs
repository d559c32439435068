using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// Translates Asterisk's queue_log (<c>epoch|callid|queue|agent|EVENT|data1|data2|...</c>, app_queue) into canonical
/// events. The mapping, what is lost and why are in docs/INPUTS.md; the rules cited below are from that table.
/// A line is parsed by <see cref="QueueLogLine"/>, agent lines go through the <see cref="QueueLogAgents"/> state
/// machine, call lines through the call table <see cref="QueueLogCalls"/>; the events wait in a
/// <see cref="TimeOrderedBuffer"/> for the reorder window.
/// </summary>
public sealed class AsteriskQueueLogTranslator : IEventTranslator
{
    /// <summary>The <c>--format</c> name.</summary>
    public const string FormatName = "asterisk-queue-log";

    /// <summary>How long a call with no queue_log line is remembered (input time): 6 h, longer than any queue call.</summary>
    public static readonly TimeSpan CallRetention = QueueLogCalls.Retention;

    private const string StateFormat = "callmetrics-asterisk-queue-log-state-1";

    // queue_log records no hold (COMPLETE*'s "holdtime" is the queue wait), no surveys and no wrap-up code; its
    // transfers name no queue, so no leg is escalated by queue either. ("resolved" is left in: fcr_metrics uses the
    // name too, and queue_log has callers.)
    private static readonly FrozenSet<string> s_unavailable = new[]
    {
        "hold_s", "surveys", "csat", "dispositioned", "escalated", "sales", "complaints", "resolution_rate", "escalation_rate",
        "sales_conversion", "complaint_rate",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly TranslatorOptions _options;
    private readonly CanonicalEventWriter _writer = new();
    private readonly QueueLogAgentIds _agentIds;

    // State to checkpoint (WriteState): the held-back output, the calls, the agents and the input clock.
    private readonly TimeOrderedBuffer _buffer = new();
    private readonly QueueLogCalls _calls = new();
    private readonly QueueLogAgents _agents;
    private DateTimeOffset _latestLineTime = DateTimeOffset.MinValue;

    /// <summary>Creates a translator; <paramref name="options"/> must be valid (<see cref="TranslatorOptions.TryValidate"/>).</summary>
    public AsteriskQueueLogTranslator(TranslatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _agentIds = new QueueLogAgentIds(options);
        _agents = new QueueLogAgents(_agentIds);
    }

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <inheritdoc/>
    public IReadOnlySet<string> UnavailableFields => s_unavailable;

    /// <inheritdoc/>
    public bool TryTranslate(ReadOnlySpan<byte> record, long lineNumber, List<byte[]> events, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!QueueLogLine.TryParse(record, lineNumber, out var line, out reason))
        {
            return false;
        }

        if (line.Time < _buffer.ReleasedThrough)
        {
            reason = $"line time {CanonicalEventWriter.FormatTimestamp(line.Time)} is out of order by more than the reorder window ({_options.AsteriskReorderWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)";
            return false;
        }

        if (!line.TryCheckNumbers(out reason) || !TryApply(line, out reason))
        {
            return false;
        }

        if (line.Time > _latestLineTime)
        {
            _latestLineTime = line.Time;
            _calls.ForgetIdle(_latestLineTime);
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

    /// <inheritdoc/>
    public void WriteState(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);
        TranslatorState.WriteFormat(writer, StateFormat);
        TranslatorState.Write(writer, _latestLineTime);
        _buffer.Write(writer);
        _calls.Write(writer);
        _agents.Write(writer);
    }

    /// <inheritdoc/>
    public void ReadState(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var reader = new BinaryReader(input, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            TranslatorState.ReadFormat(reader, StateFormat);
            _latestLineTime = TranslatorState.ReadTime(reader);
            _buffer.Read(reader);
            _calls.Read(reader);
            _agents.Read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("translator state is truncated", e);
        }
    }

    private bool TryApply(QueueLogLine line, out string? reason)
    {
        if (QueueLogAgents.Handles(line.Event))
        {
            if (!_agents.TryApply(line, out var change, out reason))
            {
                return false;
            }

            EmitAgentChange(line, change);
            return true;
        }

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

    private bool TryEnterQueue(QueueLogLine line, out string? reason)
    {
        if (!line.TryRequireCall(out reason) || !line.TryRequireQueue(out reason))
        {
            return false;
        }

        var call = _calls.Open(line.CallId, line.Time, out var started);
        var ids = line.Ids();
        if (started)
        {
            // ENTERQUEUE(url|callerid[|position]): the caller id is the only trace of the customer (EVENTS.md caller).
            Emit(line.Time, ids.Next(), CanonicalNames.CallArrived, call.CanonicalId, null, (CanonicalNames.Caller, NullIfUnknown(line.Data(1))));
        }

        Emit(line.Time, ids.Next(), CanonicalNames.CallQueued, call.CanonicalId, null, (CanonicalNames.Queue, line.Queue));
        call.Agent = null;
        call.Queue = line.Queue;
        return true;
    }

    private bool TryConnect(QueueLogLine line, out string? reason)
    {
        if (!line.TryRequireCall(out reason) || !line.TryRequireQueue(out reason) || !line.TryRequireAgent(out reason))
        {
            return false;
        }

        var call = _calls.Open(line.CallId, line.Time, out _);
        var agent = _agentIds.Of(line.Agent);

        // METRICS: an answer ends all of the agent's wraps, so a wrap end scheduled later would only be an anomaly.
        _buffer.CancelWrapEnds(agent, line.Time);
        Emit(line.Time, line.Ids().Next(), CanonicalNames.CallAnswered, call.CanonicalId, agent, (CanonicalNames.Queue, line.Queue));
        call.Agent = agent;
        call.Queue = line.Queue;
        return true;
    }

    private bool TryComplete(QueueLogLine line, out string? reason)
    {
        if (!line.TryRequireCall(out reason) || !line.TryRequireAgent(out reason))
        {
            return false;
        }

        var call = _calls.Open(line.CallId, line.Time, out _);
        var agent = _agentIds.Of(line.Agent);
        var ids = line.Ids();
        Emit(line.Time, ids.Next(), CanonicalNames.CallEnded, call.CanonicalId, agent);
        ScheduleWrapEnd(line, ids.Next(), call.CanonicalId, agent, QueueOf(line, call));
        call.Agent = null;
        call.Ended = true;
        return true;
    }

    private bool TryTransfer(QueueLogLine line, out string? reason)
    {
        if (!line.TryRequireCall(out reason) || !line.TryRequireAgent(out reason))
        {
            return false;
        }

        var call = _calls.Open(line.CallId, line.Time, out _);
        var agent = _agentIds.Of(line.Agent);
        var ids = line.Ids();

        // The target is a dialplan extension (TRANSFER/BLINDTRANSFER) or a bridge/app/channel pair
        // (ATTENDEDTRANSFER), none of which names a queue or an agent: the next ENTERQUEUE or CONNECT of
        // the same uniqueid says where the call went.
        Emit(line.Time, ids.Next(), CanonicalNames.CallTransferred, call.CanonicalId, agent);
        ScheduleWrapEnd(line, ids.Next(), call.CanonicalId, agent, QueueOf(line, call));
        call.Agent = null;
        return true;
    }

    private bool TryExit(QueueLogLine line, out string? reason)
    {
        if (!line.TryRequireCall(out reason))
        {
            return false;
        }

        var call = _calls.Open(line.CallId, line.Time, out _);

        // The caller left the queue unanswered: EVENTS.md call.ended while queued = abandoned visit.
        Emit(line.Time, line.Ids().Next(), CanonicalNames.CallEnded, call.CanonicalId, null);
        call.Ended = true;
        call.Agent = null;
        return true;
    }

    private void EndAllCalls(QueueLogLine line)
    {
        // A restart cuts every call, and queue_log writes no end for them: end them at QUEUESTART, the first
        // instant the log proves they are gone (INPUTS.md), rather than leave agents talking forever.
        var ids = line.Ids();
        foreach (var call in _calls.Open().ToList())
        {
            Emit(line.Time, ids.Next(), CanonicalNames.CallEnded, call.CanonicalId, call.Agent);
            if (call.Agent is not null)
            {
                ScheduleWrapEnd(line, ids.Next(), call.CanonicalId, call.Agent, call.Queue ?? string.Empty);
            }

            call.Ended = true;
            call.Agent = null;
        }
    }

    private void EmitAgentChange(QueueLogLine line, QueueLogAgentChange change)
    {
        switch (change.Kind)
        {
            case QueueLogAgentChangeKind.Login:
                Emit(line.Time, line.Ids().Next(), CanonicalNames.AgentLogin, null, change.AgentId, (CanonicalNames.State, change.State), (CanonicalNames.Reason, change.Reason));
                break;
            case QueueLogAgentChangeKind.Logout:
                // METRICS: a logout ends wrap; a wrap end scheduled after it would be an anomaly.
                _buffer.CancelWrapEnds(change.AgentId, line.Time);
                Emit(line.Time, line.Ids().Next(), CanonicalNames.AgentLogout, null, change.AgentId);
                break;
            case QueueLogAgentChangeKind.State:
                // METRICS: agent.state ends wrap; a wrap end scheduled after it would be an anomaly.
                _buffer.CancelWrapEnds(change.AgentId, line.Time);
                Emit(line.Time, line.Ids().Next(), CanonicalNames.AgentState, null, change.AgentId, (CanonicalNames.State, change.State), (CanonicalNames.Reason, change.Reason));
                break;
            default:
                break;
        }
    }

    private void ScheduleWrapEnd(QueueLogLine line, string eventId, string callId, string agent, string queue)
    {
        // queue_log has no wrap end: the member is held out of the queue for the queue's wrapuptime.
        var end = line.Time + _options.WrapUpFor(queue);
        var json = _writer.Begin(eventId, CanonicalNames.WrapEnded, end, _options.Tenant).Field(CanonicalNames.CallId, callId).Field(CanonicalNames.AgentId, agent).End();
        _buffer.Add(end, json, agent);
    }

    private static string QueueOf(QueueLogLine line, QueueLogCall call) => QueueLogLine.IsNone(line.Queue) ? call.Queue ?? string.Empty : line.Queue;

    private void Emit(DateTimeOffset ts, string eventId, JsonEncodedText type, string? callId, string? agentId, params (JsonEncodedText Name, string? Value)[] fields)
    {
        _writer.Begin(eventId, type, ts, _options.Tenant).Field(CanonicalNames.CallId, callId).Field(CanonicalNames.AgentId, agentId);
        foreach (var (name, value) in fields)
        {
            _writer.Field(name, value);
        }

        _buffer.Add(ts, _writer.End());
    }

    /// <summary>
    /// Asterisk writes <c>unknown</c> when the caller id is missing, and a withheld one arrives as <c>anonymous</c>:
    /// placeholders, not customers. Kept, they would make every such caller one customer who calls again and again.
    /// </summary>
    private static string? NullIfUnknown(string value) =>
        value.Length == 0 || string.Equals(value, "unknown", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "anonymous", StringComparison.OrdinalIgnoreCase)
            ? null
            : value;
}
