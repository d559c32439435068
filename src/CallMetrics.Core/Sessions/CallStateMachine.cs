using CallMetrics.Core.Events;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Applies call events: arrived, queued, answered, held and retrieved, transferred, ended, and surveys.
/// A call goes IVR → queued → connected (a leg of an agent) → detached, and may be queued and connected
/// again (METRICS.md "Calls"); the rules where events conflict are cited where they apply.
/// </summary>
internal sealed class CallStateMachine
{
    private readonly SessionStore _store;
    private readonly SessionMap<CallSession> _calls;
    private readonly SeriesTallies _tallies;
    private readonly Accrual _accrual;
    private readonly LegLifecycle _legs;
    private readonly Live.LiveProjection _live;
    private readonly SessionCounters _counters;
    private readonly Contacts.ContactTracker _contacts;
    private readonly OutcomeClassifier _outcomes;

    /// <summary>Creates the state machine over the sessions of <paramref name="store"/>.</summary>
    public CallStateMachine(SessionStore store, SeriesTallies tallies, Accrual accrual, LegLifecycle legs, Live.LiveProjection live, SessionCounters counters,
        Contacts.ContactTracker contacts, OutcomeClassifier outcomes)
    {
        _contacts = contacts;
        _outcomes = outcomes;
        _store = store;
        _calls = store.Calls;
        _tallies = tallies;
        _accrual = accrual;
        _legs = legs;
        _live = live;
        _counters = counters;
    }

    /// <summary>Applies <c>call.arrived</c>.</summary>
    public void OnArrived(in CanonicalEvent e, long t)
    {
        if (_calls.Get(e.Tenant, e.Call) is { } known)
        {
            known.LastSeen = t;
            if (known.HadArrived)
            {
                _counters.Count(Anomaly.ArrivedTwice);
                return;
            }

            // The call started with another event: this is still its first call.arrived, which names caller and type.
            Identify(known, e);
            return;
        }

        var call = _store.StartCall(e.Tenant, e.Call, t);
        call.Phase = CallPhase.Ivr;
        Identify(call, e);
    }

    /// <summary>
    /// Keeps what the call's first <c>call.arrived</c> says: its call type, and for an inbound call with a caller, the
    /// caller, whose pending contacts the call may repeat.
    /// </summary>
    private void Identify(CallSession call, in CanonicalEvent e)
    {
        call.HadArrived = true;
        call.CallType = e.CallType;

        // METRICS: only inbound calls with a caller take part in FCR, as contacts and as repeats.
        call.CallerKey = e.Outbound ? 0 : e.CallerKey;
        if (call.CallerKey != 0 && _contacts.OnCall(call.CallerKey, call.Call, call.StartedAt, call.Tenant))
        {
            _accrual.RepeatCall(call.Tenant);
        }
    }

    /// <summary>Applies <c>call.queued</c>: a queue visit starts.</summary>
    public void OnQueued(in CanonicalEvent e, long t)
    {
        var call = _store.GetOrStartCall(e.Tenant, e.Call, t);
        if (call.Connected is { } leg)
        {
            // METRICS: call.queued while connected ends the connection (to wrap).
            var agent = leg.Agent;
            _legs.EndConnection(leg, t, transfer: false);
            _accrual.States.MarkTeam(agent, t);
        }

        // METRICS: call.queued while already queued ends the earlier visit with no outcome.
        if (call.Phase == CallPhase.Queued)
        {
            _store.Visits.Mark(call.VisitQueueSeries, t);
            _store.Visits.Close(call);
        }

        var series = _tallies.QueueSeries(e.Tenant, e.Queue);
        call.Phase = CallPhase.Queued;
        call.VisitQueueSeries = series;
        call.VisitStart = t;
        _store.Visits.Open(call);
        _store.Visits.Mark(series, t);
        _accrual.Offered(series);
    }

    /// <summary>Applies <c>call.answered</c>: the visit ends answered and a leg of the agent starts.</summary>
    public void OnAnswered(in CanonicalEvent e, long t)
    {
        var agent = _store.GetOrCreateAgent(e.Tenant, e.Agent, t);
        var call = _store.GetOrStartCall(e.Tenant, e.Call, t);
        if (call.Connected is { } connected)
        {
            if (connected.Agent == agent)
            {
                _counters.Count(Anomaly.AnsweredTwice);
                return;
            }

            // METRICS: an answer while another agent is connected ends that connection (to wrap; not a transfer).
            var other = connected.Agent;
            _legs.EndConnection(connected, t, transfer: false);
            _accrual.States.MarkTeam(other, t);
        }

        // METRICS: any call.answered by an agent ends all of that agent's wraps.
        _legs.EndWraps(agent, t);

        var legQueue = e.Queue != 0 ? _tallies.QueueSeries(e.Tenant, e.Queue) : -1;
        if (legQueue >= 0)
        {
            _store.Visits.Mark(legQueue, t); // METRICS: an event names a queue in call.answered
        }

        if (call.Phase == CallPhase.Queued)
        {
            _store.Visits.Mark(call.VisitQueueSeries, t);
            _store.Visits.Close(call);
            _accrual.Answered(call.VisitQueueSeries, t - call.VisitStart);
            if (legQueue < 0)
            {
                legQueue = call.VisitQueueSeries;
            }
        }
        else if (legQueue >= 0)
        {
            _accrual.AnsweredWithoutVisit(legQueue);
        }

        if (!agent.LoggedIn)
        {
            _counters.Count(Anomaly.AnsweredWhileLoggedOut);
        }

        var leg = _legs.Start(agent, call, legQueue, t);
        call.AnsweredAgent = agent;
        call.AnsweredQueueSeries = legQueue;
        call.Phase = CallPhase.Connected;
        call.Connected = leg;
        call.LastAgent = agent;
        call.VisitQueueSeries = -1;
    }

    /// <summary>Applies <c>call.held</c> (<paramref name="hold"/>) or <c>call.retrieved</c>.</summary>
    public void OnHeld(in CanonicalEvent e, long t, bool hold)
    {
        if (_calls.Get(e.Tenant, e.Call) is not { } call)
        {
            _counters.Count(Anomaly.UnknownCall);
            return;
        }

        call.LastSeen = t;
        var leg = call.Connected;
        var expected = hold ? LegSegment.Talk : LegSegment.Hold;
        if (leg is null || leg.AgentSymbol != e.Agent || leg.Segment != expected)
        {
            _counters.Count(hold ? Anomaly.HeldNotTalking : Anomaly.RetrievedNotOnHold);
            return;
        }

        _accrual.AccrueLeg(leg, t);
        leg.Segment = hold ? LegSegment.Hold : LegSegment.Talk;
        leg.SegmentStarted = t;
    }

    /// <summary>Applies <c>call.transferred</c>: the transferring agent's connection ends (to wrap).</summary>
    public void OnTransferred(in CanonicalEvent e, long t)
    {
        if (_calls.Get(e.Tenant, e.Call) is not { } call)
        {
            _counters.Count(Anomaly.UnknownCall);
            return;
        }

        call.LastSeen = t;
        if (call.Connected is not { } leg || leg.AgentSymbol != e.Agent)
        {
            // METRICS: call.transferred by an agent who is not connected is ignored.
            _counters.Count(Anomaly.TransferNotConnected);
            return;
        }

        // METRICS: a transfer to an escalation queue makes the leg escalated, whatever its disposition.
        leg.EscalatedByQueue = _outcomes.IsEscalationQueue(e.Queue);
        _legs.EndConnection(leg, t, transfer: true);
    }

    /// <summary>Applies <c>call.ended</c>: a connection ends (to wrap), a waiting call is abandoned, and the call leaves.</summary>
    public void OnEnded(in CanonicalEvent e, long t)
    {
        if (_calls.Get(e.Tenant, e.Call) is not { } call)
        {
            _counters.Count(Anomaly.UnknownCall);
            return;
        }

        if (call.Connected is { } leg)
        {
            if (e.Agent != 0 && leg.AgentSymbol != e.Agent)
            {
                _counters.Count(Anomaly.EndedByOtherAgent);
            }

            var agent = leg.Agent;
            _legs.EndConnection(leg, t, transfer: false);
            _accrual.States.MarkTeam(agent, t);
        }
        else if (call.Phase == CallPhase.Queued)
        {
            // The visit closes as the call leaves (SessionStore.EndCall).
            _store.Visits.Mark(call.VisitQueueSeries, t);
            var wait = t - call.VisitStart;
            var isShort = _accrual.Abandoned(call.VisitQueueSeries, wait);
            _live.RecordAbandon(call.Tenant, call.Call, call.VisitQueueSeries, t, wait, isShort);
        }

        if (call.CallerKey != 0 && call.AnsweredAgent is { } contactAgent)
        {
            // METRICS: a contact ends at the call's first call.ended after an answer, attributed to the last answered leg.
            var queue = call.AnsweredQueueSeries >= 0 ? _tallies.QueueKeys[call.AnsweredQueueSeries].Queue : 0;
            _contacts.OnContact(call.CallerKey, call.Call, t, call.Tenant, contactAgent.Agent, contactAgent.Team, queue);
        }

        _store.EndCall(call, t);
    }

    /// <summary>Applies <c>survey.completed</c>: credited to the agent it names, or the call's last agent.</summary>
    public void OnSurvey(in CanonicalEvent e, long t)
    {
        var agent = e.Agent != 0 ? _store.GetOrCreateAgent(e.Tenant, e.Agent, t) : _store.LastAgentOf(e.Tenant, e.Call);
        if (agent is null)
        {
            _counters.Count(Anomaly.SurveyWithoutAgent);
            return;
        }

        _accrual.Survey(agent, e.Score, _store.CallTypeOf(e.Tenant, e.Call));
    }
}
