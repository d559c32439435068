using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

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
    // the receiving agent. There are no surveys.
    private static readonly FrozenSet<string> s_unavailable = new[]
    {
        "offered", "abandoned", "short_abandoned", "abandon_rate", "service_level", "max_wait_s", "transfers", "surveys", "csat",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly TranslatorOptions _options;
    private readonly CanonicalEventWriter _writer;
    private readonly TimeOrderedBuffer _buffer = new();
    private readonly Dictionary<string, AgentState> _agents = new(StringComparer.Ordinal);
    private DateTimeOffset _latestEventTime = DateTimeOffset.MinValue;

    /// <summary>Creates a translator; <paramref name="options"/> must be valid (<see cref="TranslatorOptions.TryValidate"/>).</summary>
    public AmazonConnectTranslator(TranslatorOptions options)
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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.ToArray());
        }
        catch (JsonException e)
        {
            reason = $"not valid JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            if (!TryRead(document.RootElement, record, out var input, out reason))
            {
                return false;
            }

            var agentId = input.Current.Username ?? input.Previous?.Username ?? input.ArnAgentId;
            if (agentId is null)
            {
                reason = "the record names no agent (no Configuration.Username and no AgentARN)";
                return false;
            }

            // Work on a copy of the agent's state and keep it only if the whole record translates.
            var state = _agents.TryGetValue(agentId, out var known) && known is not null ? known.Clone() : new AgentState();
            var plan = new List<Planned>();
            Translate(input, agentId, state, plan);

            foreach (var planned in plan)
            {
                if (planned.Ts < _buffer.ReleasedThrough)
                {
                    reason = $"event time {CanonicalEventWriter.FormatTimestamp(planned.Ts)} is older than output already released (hold-back {_options.AmazonConnectHoldBack})";
                    return false;
                }
            }

            foreach (var planned in plan)
            {
                _buffer.Add(planned.Ts, planned.Json, planned.WrapAgent);
            }

            foreach (var planned in plan)
            {
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
    }

    /// <inheritdoc/>
    public void Complete(List<byte[]> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _buffer.ReleaseAll(events);
    }

    private static bool TryRead(JsonElement root, ReadOnlySpan<byte> record, out Input input, out string? reason)
    {
        input = default!;
        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = "an agent event is a JSON object";
            return false;
        }

        var eventType = AgentSnapshot.String(root, "EventType");
        if (eventType is not ("LOGIN" or "LOGOUT" or "STATE_CHANGE" or "HEART_BEAT"))
        {
            reason = eventType is null ? "no EventType" : $"unknown EventType '{eventType}'";
            return false;
        }

        if (!AgentSnapshot.TryTimestamp(root, "EventTimestamp", out var eventTime, out reason))
        {
            return false;
        }

        if (eventTime is null)
        {
            reason = "no EventTimestamp";
            return false;
        }

        if (!AgentSnapshot.TryRead(Property(root, "CurrentAgentSnapshot"), out var current, out reason)
            || !AgentSnapshot.TryRead(Property(root, "PreviousAgentSnapshot"), out var previous, out reason))
        {
            return false;
        }

        var hasPrevious = root.TryGetProperty("PreviousAgentSnapshot", out var p) && p.ValueKind == JsonValueKind.Object;
        var arn = AgentSnapshot.String(root, "AgentARN");
        var arnAgent = arn is null ? null : arn[(arn.LastIndexOf('/') + 1)..];
        var eventId = AgentSnapshot.String(root, "EventId") ?? Convert.ToHexStringLower(SHA256.HashData(record)[..8]);
        input = new Input(eventType, eventTime.Value, eventId, arnAgent is { Length: > 0 } ? arnAgent : null, current, hasPrevious ? previous : null);
        return true;
    }

    private static JsonElement Property(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value : default;

    private void Translate(Input input, string agentId, AgentState state, List<Planned> plan)
    {
        var ids = new IdSequence(input.EventId);
        var current = input.Current;

        // Compare with the record's own previous snapshot; LOGIN and some HEART_BEAT records carry none,
        // then the last snapshot seen for this agent stands in.
        var previous = input.Previous ?? state.Last ?? AgentSnapshot.Empty;

        if (input.EventType == "LOGOUT")
        {
            TranslateContacts(input, agentId, state, previous, current, ids, plan);
            var loggedOutAt = input.EventTime;
            if (state.LoggedIn)
            {
                // The agent went offline when the snapshot's Offline status started, not when the record was written.
                if (MapStatus(current).State is null)
                {
                    loggedOutAt = StatusChangeTime(current, input, state, plan);
                }

                Plan(plan, loggedOutAt, ids, CanonicalNames.AgentLogout, null, agentId);
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
            Plan(plan, loginTime, ids, CanonicalNames.AgentLogin, null, agentId, (CanonicalNames.Team, Team(current)), (CanonicalNames.State, status), (CanonicalNames.Reason, reason));
            state.LoggedIn = true;
            state.EmittedState = status;
            state.EmittedReason = reason;
        }

        TranslateContacts(input, agentId, state, previous, current, ids, plan);

        if (!state.LoggedIn)
        {
            return;
        }

        if (status is null)
        {
            // Status type OFFLINE: Amazon Connect counts the agent as not online.
            var loggedOutAt = StatusChangeTime(current, input, state, plan);
            Plan(plan, loggedOutAt, ids, CanonicalNames.AgentLogout, null, agentId);
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
                    Plan(plan, statusTime, ids, CanonicalNames.WrapEnded, contactId, agentId);
                }

                state.InAfterContactWork.Clear();
                Plan(plan, statusTime, ids, CanonicalNames.AgentState, null, agentId, (CanonicalNames.State, status), (CanonicalNames.Reason, reason));
                state.EmittedState = status;
                state.EmittedReason = reason;
                state.Deferred = null;
            }
        }

        if (state.Deferred is { } deferred && state.InAfterContactWork.Count == 0)
        {
            Plan(plan, input.EventTime, ids, CanonicalNames.AgentState, null, agentId, (CanonicalNames.State, deferred.State), (CanonicalNames.Reason, deferred.Reason));
            state.EmittedState = deferred.State;
            state.EmittedReason = deferred.Reason;
            state.Deferred = null;
        }
    }

    private void TranslateContacts(Input input, string agentId, AgentState state, AgentSnapshot previous, AgentSnapshot current, IdSequence ids, List<Planned> plan)
    {
        foreach (var contact in current.Contacts)
        {
            if (!contact.IsVoice)
            {
                continue;
            }

            var before = previous.Find(contact.ContactId);
            if (before is not null && string.Equals(before.State, contact.State, StringComparison.Ordinal))
            {
                continue;
            }

            var stateTime = contact.StateStart ?? input.EventTime;
            var wasConnected = before?.IsConnected ?? false;
            var answeredNow = contact.IsConnected && !wasConnected && before?.State != "ENDED";
            if (answeredNow)
            {
                PlanAnswer(contact, agentId, input.EventTime, ids, plan);
                if (contact.State == "CONNECTED_ONHOLD")
                {
                    Plan(plan, stateTime, ids, CanonicalNames.CallHeld, contact.ContactId, agentId);
                }
            }
            else if (before?.State == "CONNECTED" && contact.State == "CONNECTED_ONHOLD")
            {
                Plan(plan, stateTime, ids, CanonicalNames.CallHeld, contact.ContactId, agentId);
            }
            else if (before?.State == "CONNECTED_ONHOLD" && contact.State == "CONNECTED")
            {
                Plan(plan, stateTime, ids, CanonicalNames.CallRetrieved, contact.ContactId, agentId);
            }
            else if (wasConnected && contact.State is "ENDED" or "ERROR" or "MISSED" or "REJECTED")
            {
                // Amazon Connect: ENDED = the conversation is over and the agent starts ACW for the contact.
                Plan(plan, stateTime, ids, CanonicalNames.CallEnded, contact.ContactId, agentId);
                state.InAfterContactWork.Add(contact.ContactId);
            }

            // INCOMING/PENDING/CONNECTING (offered), MISSED, REJECTED and ERROR before a connection carry nothing
            // the canonical schema has: the contact goes back to its queue or is lost there (INPUTS.md).
        }

        foreach (var contact in previous.Contacts)
        {
            if (!contact.IsVoice || current.Find(contact.ContactId) is not null)
            {
                continue;
            }

            if (contact.IsConnected)
            {
                // Gone without ENDED: the connection and its ACW both ended by the time of this record.
                Plan(plan, input.EventTime, ids, CanonicalNames.CallEnded, contact.ContactId, agentId);
                Plan(plan, input.EventTime, ids, CanonicalNames.WrapEnded, contact.ContactId, agentId);
            }
            else if (state.InAfterContactWork.Remove(contact.ContactId))
            {
                // Amazon Connect: ACW ends when the agent clears the contact, i.e. it leaves the snapshot.
                Plan(plan, input.EventTime, ids, CanonicalNames.WrapEnded, contact.ContactId, agentId);
            }
        }
    }

    private void PlanAnswer(ContactSnapshot contact, string agentId, DateTimeOffset eventTime, IdSequence ids, List<Planned> plan)
    {
        var answered = contact.ConnectedToAgent ?? contact.StateStart ?? eventTime;
        string? queue = null;
        if (contact.InitiationMethod == "OUTBOUND")
        {
            Plan(plan, answered, ids, CanonicalNames.CallArrived, contact.ContactId, null, (CanonicalNames.Direction, "outbound"));
        }
        else if (contact.Queued is { } queued && contact.QueueName is not null && queued <= answered)
        {
            if (queued >= _buffer.ReleasedThrough)
            {
                Plan(plan, queued, ids, CanonicalNames.CallQueued, contact.ContactId, null, (CanonicalNames.Queue, contact.QueueName));
                queue = contact.QueueName;
            }

            // A wait longer than the hold-back cannot be placed in time any more: the answer then counts for no
            // queue rather than for a queue with a wrong wait (INPUTS.md).
        }

        Plan(plan, answered, ids, CanonicalNames.CallAnswered, contact.ContactId, agentId, (CanonicalNames.Queue, queue));
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
    private DateTimeOffset StatusChangeTime(AgentSnapshot current, Input input, AgentState state, List<Planned> plan)
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

        foreach (var planned in plan)
        {
            floor = Later(floor, planned.Ts);
        }

        return floor >= eventTime ? eventTime : Later(start, floor);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void Plan(List<Planned> plan, DateTimeOffset ts, IdSequence ids, JsonEncodedText type, string? callId, string? agentId, params (JsonEncodedText Name, string? Value)[] fields)
    {
        _writer.Begin(ids.Next(), type, ts, _options.Tenant).Field(CanonicalNames.CallId, callId).Field(CanonicalNames.AgentId, agentId);
        foreach (var (name, value) in fields)
        {
            _writer.Field(name, value);
        }

        plan.Add(new Planned(ts, _writer.End(), null));
    }

    private sealed record Input(string EventType, DateTimeOffset EventTime, string EventId, string? ArnAgentId, AgentSnapshot Current, AgentSnapshot? Previous);

    private readonly record struct Planned(DateTimeOffset Ts, byte[] Json, string? WrapAgent);

    /// <summary>Deterministic, unique ids: <c>ac-&lt;EventId&gt;-&lt;n&gt;</c> (EventId, or a hash of the record when it has none).</summary>
    private sealed class IdSequence(string eventId)
    {
        private int _next;

        public string Next() => string.Create(CultureInfo.InvariantCulture, $"ac-{eventId}-{_next++}");
    }

    private sealed class AgentState
    {
        public bool LoggedIn { get; set; }

        public string? EmittedState { get; set; }

        public string? EmittedReason { get; set; }

        public (string State, string? Reason)? Deferred { get; set; }

        public DateTimeOffset? LoggedOutAt { get; set; }

        /// <summary>The latest time of the events translated for the agent so far.</summary>
        public DateTimeOffset? LastAt { get; set; }

        public HashSet<string> InAfterContactWork { get; private init; } = new(StringComparer.Ordinal);

        public AgentSnapshot? Last { get; set; }

        public AgentState Clone() => new()
        {
            LoggedIn = LoggedIn,
            EmittedState = EmittedState,
            EmittedReason = EmittedReason,
            Deferred = Deferred,
            LoggedOutAt = LoggedOutAt,
            LastAt = LastAt,
            InAfterContactWork = new HashSet<string>(InAfterContactWork, StringComparer.Ordinal),
            Last = Last,
        };
    }
}
