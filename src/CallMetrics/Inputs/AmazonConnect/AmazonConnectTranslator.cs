using System.Collections.Frozen;

namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>
/// Translates Amazon Connect agent event stream records (one <c>AgentEvent</c> JSON object per line) into canonical
/// events by comparing each record's previous and current agent snapshot. Mapping and losses: docs/INPUTS.md.
/// </summary>
public sealed class AmazonConnectTranslator : IEventTranslator
{
    /// <summary>The <c>--format</c> name.</summary>
    public const string FormatName = "amazon-connect";

    // The agent event stream only shows contacts that reach an agent: a contact abandoned in queue never appears,
    // so offers, abandons and everything divided by them are unknown. Transfers show only as a new contact for
    // the receiving agent. There are no surveys, no wrap-up codes and no customer endpoint (so no repeat contacts).
    private static readonly FrozenSet<string> s_unavailable = new[]
    {
        "offered", "abandoned", "short_abandoned", "abandon_rate", "service_level", "max_wait_s", "transfers", "surveys", "csat",
        "dispositioned", "resolved", "escalated", "sales", "complaints", "resolution_rate", "escalation_rate", "sales_conversion",
        "complaint_rate", "repeat_calls",
    }.ToFrozenSet(StringComparer.Ordinal);

    private const string StateFormat = "callmetrics-amazon-connect-state-1";

    private readonly TranslatorOptions _options;
    private readonly CanonicalEventWriter _writer = new();

    // State to checkpoint (WriteState): the held-back output, the agents and the input clock.
    private readonly TimeOrderedBuffer _buffer = new();
    private readonly Dictionary<string, ConnectAgentState> _agents = new(StringComparer.Ordinal);
    private DateTimeOffset _latestEventTime = DateTimeOffset.MinValue;

    /// <summary>Creates a translator; <paramref name="options"/> must be valid (<see cref="TranslatorOptions.TryValidate"/>).</summary>
    public AmazonConnectTranslator(TranslatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public string Format => FormatName;

    /// <inheritdoc/>
    public IReadOnlySet<string> UnavailableFields => s_unavailable;

    /// <inheritdoc/>
    public bool TryTranslate(ReadOnlySpan<byte> record, long lineNumber, List<byte[]> events, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!AgentEventRecord.TryParse(record, out var input, out reason))
        {
            return false;
        }

        var agentId = input.AgentId;
        if (agentId is null)
        {
            reason = "the record names no agent (no Configuration.Username and no AgentARN)";
            return false;
        }

        // Work on a copy of the agent's state and keep it only if the whole record translates.
        var state = _agents.TryGetValue(agentId, out var known) ? known.Clone() : new ConnectAgentState();
        var plan = new ConnectEventPlan(_writer, _options.Tenant, input.EventId);
        Translate(input, agentId, state, plan);

        foreach (var planned in plan.Events)
        {
            if (planned.Ts < _buffer.ReleasedThrough)
            {
                reason = $"event time {CanonicalEventWriter.FormatTimestamp(planned.Ts)} is older than output already released (hold-back {_options.AmazonConnectHoldBack})";
                return false;
            }
        }

        foreach (var planned in plan.Events)
        {
            _buffer.Add(planned.Ts, planned.Json);
            state.LastAt = state.LastAt is { } last ? Later(last, planned.Ts) : planned.Ts;
        }

        state.Last = input.Current;
        _agents[agentId] = state;
        if (input.EventTime > _latestEventTime)
        {
            _latestEventTime = input.EventTime;
        }

        if (_latestEventTime - DateTimeOffset.MinValue > _options.AmazonConnectHoldBack)
        {
            _buffer.ReleaseThrough(_latestEventTime - _options.AmazonConnectHoldBack, events);
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
        TranslatorState.Write(writer, _latestEventTime);
        _buffer.Write(writer);
        writer.Write7BitEncodedInt(_agents.Count);
        foreach (var (id, agent) in _agents.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.Write(id);
            agent.Write(writer);
        }
    }

    /// <inheritdoc/>
    public void ReadState(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var reader = new BinaryReader(input, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            TranslatorState.ReadFormat(reader, StateFormat);
            _latestEventTime = TranslatorState.ReadTime(reader);
            _buffer.Read(reader);
            _agents.Clear();
            var count = TranslatorState.ReadCount(reader);
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                if (!_agents.TryAdd(id, ConnectAgentState.Read(reader)))
                {
                    throw new InvalidDataException($"translator state holds agent '{id}' twice");
                }
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("translator state is truncated", e);
        }
    }

    /// <summary>The agent's login, logout and status (the agent state machine), with its contacts in between.</summary>
    private void Translate(AgentEventRecord input, string agentId, ConnectAgentState state, ConnectEventPlan plan)
    {
        var current = input.Current;

        // Compare with the record's own previous snapshot; LOGIN and some HEART_BEAT records carry none,
        // then the last snapshot seen for this agent stands in.
        var previous = input.Previous ?? state.Last ?? AgentSnapshot.Empty;

        if (input.EventType == "LOGOUT")
        {
            ContactTransitions.Plan(input, agentId, state, previous, current, _buffer.ReleasedThrough, plan);
            var loggedOutAt = input.EventTime;
            if (state.LoggedIn)
            {
                // The agent went offline when the snapshot's Offline status started, not when the record was written.
                if (MapStatus(current).State is null)
                {
                    loggedOutAt = StatusChangeTime(current, input, state, plan);
                }

                plan.Add(loggedOutAt, CanonicalNames.AgentLogout, null, agentId);
            }

            state.LoggedIn = false;
            state.LoggedOutAt = loggedOutAt;
            state.InAfterContactWork.Clear();
            state.Deferred = null;
            return;
        }

        var (status, reason) = MapStatus(current);
        var statusTime = current.StatusStart ?? input.EventTime;

        // HEART_BEAT records go on for up to an hour after a logout, still showing the last status: only a LOGIN or
        // a status chosen after the logout logs the agent in again.
        var mayLogIn = input.EventType == "LOGIN" || state.LoggedOutAt is null || current.StatusStart > state.LoggedOutAt;
        if (!state.LoggedIn && status is not null && mayLogIn)
        {
            // LOGIN, or a status that is not OFFLINE any more: Connect counts the agent online from the moment the status
            // left Offline, i.e. AgentStatus.StartTimestamp; EventTimestamp is only when the record was written and lags.
            // The first record of an agent already working when the stream starts (no LOGIN seen) logs it in at that
            // record: what it did before, contacts included, was not seen.
            var loginTime = input.EventType != "LOGIN" && state.Last is null ? input.EventTime : StatusChangeTime(current, input, state, plan);
            plan.Add(loginTime, CanonicalNames.AgentLogin, null, agentId, (CanonicalNames.Team, Team(current)), (CanonicalNames.State, status), (CanonicalNames.Reason, reason));
            state.LoggedIn = true;
            state.EmittedState = status;
            state.EmittedReason = reason;
        }

        ContactTransitions.Plan(input, agentId, state, previous, current, _buffer.ReleasedThrough, plan);

        if (!state.LoggedIn)
        {
            return;
        }

        if (status is null)
        {
            // Status type OFFLINE: Amazon Connect counts the agent as not online.
            var loggedOutAt = StatusChangeTime(current, input, state, plan);
            plan.Add(loggedOutAt, CanonicalNames.AgentLogout, null, agentId);
            state.LoggedIn = false;
            state.LoggedOutAt = loggedOutAt;
            state.InAfterContactWork.Clear();
            state.Deferred = null;
            return;
        }

        var statusChanged = !string.Equals(current.StatusName, previous.StatusName, StringComparison.Ordinal)
            || !string.Equals(current.StatusType, previous.StatusType, StringComparison.Ordinal)
            || current.StatusStart != previous.StatusStart;
        if (statusChanged && (!string.Equals(status, state.EmittedState, StringComparison.Ordinal) || !string.Equals(reason, state.EmittedReason, StringComparison.Ordinal)))
        {
            if (state.InAfterContactWork.Count > 0 && _options.AmazonConnectAcwEnd == AmazonConnectAcwEnd.ContactCleared)
            {
                // agent.state would end the wrap (METRICS); the agent is busy in ACW anyway, so passing the
                // status on when ACW is cleared gives the same available/not-ready time.
                state.Deferred = (status, reason);
            }
            else
            {
                foreach (var contactId in state.InAfterContactWork.Order(StringComparer.Ordinal))
                {
                    plan.Add(statusTime, CanonicalNames.WrapEnded, contactId, agentId);
                }

                state.InAfterContactWork.Clear();
                plan.Add(statusTime, CanonicalNames.AgentState, null, agentId, (CanonicalNames.State, status), (CanonicalNames.Reason, reason));
                state.EmittedState = status;
                state.EmittedReason = reason;
                state.Deferred = null;
            }
        }

        if (state.Deferred is { } deferred && state.InAfterContactWork.Count == 0)
        {
            plan.Add(input.EventTime, CanonicalNames.AgentState, null, agentId, (CanonicalNames.State, deferred.State), (CanonicalNames.Reason, deferred.Reason));
            state.EmittedState = deferred.State;
            state.EmittedReason = deferred.Reason;
            state.Deferred = null;
        }
    }

    private static (string? State, string? Reason) MapStatus(AgentSnapshot snapshot)
    {
        var type = snapshot.StatusType
            ?? snapshot.StatusName switch { "Available" => "ROUTABLE", "Offline" => "OFFLINE", null => "OFFLINE", _ => "CUSTOM" };
        return type switch
        {
            "ROUTABLE" => ("available", null),
            "OFFLINE" => (null, null),
            _ => ("not_ready", snapshot.StatusName?.ToLowerInvariant()),
        };
    }

    private string? Team(AgentSnapshot snapshot)
    {
        if (_options.AmazonConnectTeamLevel is { } level)
        {
            return snapshot.HierarchyGroups.Count >= level ? snapshot.HierarchyGroups[level - 1] : null;
        }

        for (var i = snapshot.HierarchyGroups.Count - 1; i >= 0; i--)
        {
            if (snapshot.HierarchyGroups[i] is { } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// When the agent logged in or out, the snapshot's status being the first one after, or the Offline one:
    /// <c>AgentStatus.StartTimestamp</c>, the time Connect records for the status change (<c>EventTimestamp</c> is
    /// when the record was written, which can be later). The record's time stands in when the status has no start, a
    /// start after the record, or one more than the hold-back before it (not a lag: a status carried over from before
    /// the record's login, which could not be placed in time anyway). Never earlier than what was already translated
    /// for the agent, in earlier records or this one, nor than its last logout.
    /// </summary>
    private DateTimeOffset StatusChangeTime(AgentSnapshot current, AgentEventRecord input, ConnectAgentState state, ConnectEventPlan plan)
    {
        var eventTime = input.EventTime;
        if (current.StatusStart is not { } start || start >= eventTime || eventTime - start > _options.AmazonConnectHoldBack)
        {
            return eventTime;
        }

        var floor = _buffer.ReleasedThrough;
        foreach (var bound in new[] { state.LastAt, state.LoggedOutAt })
        {
            if (bound is { } b)
            {
                floor = Later(floor, b);
            }
        }

        foreach (var planned in plan.Events)
        {
            floor = Later(floor, planned.Ts);
        }

        return floor >= eventTime ? eventTime : Later(start, floor);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
