using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Applies events <em>in event-time order</em> to per-call and per-agent state machines, accrues time
/// and counts into windows, and hands closed windows to an <see cref="IWindowSink"/>. Ordering,
/// lateness and duplicates are the caller's job (<c>MetricsEngine</c>); this type
/// assumes its input is sorted by time (stably) and never throws on odd input: anomalies are counted.
/// </summary>
/// <remarks>
/// A facade over units that each do one job: <see cref="CallStateMachine"/> and <see cref="AgentStateMachine"/>
/// apply events, <see cref="LegLifecycle"/> carries a leg from answer to handled, <see cref="Accrual"/> puts
/// time and counts into the <see cref="SeriesTallies"/>, <see cref="WindowClock"/> closes granules and emits
/// windows, <see cref="SessionStore"/> holds the sessions, <see cref="IdleEviction"/> bounds them,
/// <see cref="Live.LiveProjection"/> shows them and <see cref="SessionSnapshotCodec"/> checkpoints them.
/// </remarks>
internal sealed class Sessionizer
{
    private readonly WindowSpec[] _specs;
    private readonly CallStateMachine _callEvents;
    private readonly AgentStateMachine _agentEvents;
    private readonly LegLifecycle _legs;
    private readonly Live.LiveProjection _live;
    private readonly SessionSnapshotCodec _codec;

    public Sessionizer(MetricsOptions options, IWindowSink sink, Action<int>? releaseSymbol = null, SymbolTable? names = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        var specs = new List<WindowSpec> { WindowSpec.Intervals(options.Interval) };
        if (options.Rolling is { } rolling)
        {
            specs.Add(WindowSpec.RollingWindows(rolling, options.Step));
        }

        _specs = [.. specs];
        var tallies = Tallies = new SeriesTallies(_specs);
        Store = new SessionStore(TimeMath.Nanos(options.Retention), tallies, releaseSymbol);
        var accrual = Accrual = new Accrual(tallies, TimeMath.Nanos(options.ServiceLevelThreshold), TimeMath.Nanos(options.ShortAbandon));
        var outcomes = new OutcomeClassifier(options, names);
        Contacts = new Contacts.ContactTracker(TimeMath.Nanos(options.FcrWindow), TimeMath.Nanos(options.Interval));
        _legs = new LegLifecycle(Store, accrual, Counters, TimeMath.Nanos(options.MaxWrap), outcomes);
        Eviction = new IdleEviction(Store, _legs, Counters, TimeMath.Nanos(options.IdleTimeout), WindowClock.GranuleOf(_specs));
        Clock = new WindowClock(_specs, tallies, accrual, _legs, Eviction, sink, Contacts);
        if (options.Rolling is { } length)
        {
            // METRICS "Live state and alerts": the state series are written with the rolling windows.
            accrual.States.Marking = true;
            Store.Visits.Enabled = true;
            Clock.State = new StateProjection(Store.Visits, accrual.States, tallies, TimeMath.Nanos(length));
        }

        _live = new Live.LiveProjection(Store, tallies, names);
        _callEvents = new CallStateMachine(Store, tallies, accrual, _legs, _live, Counters, Contacts, outcomes);
        _agentEvents = new AgentStateMachine(Store, tallies, accrual, _legs, Counters);
        _codec = new SessionSnapshotCodec(Clock, Store, tallies, accrual, _legs, Eviction, Counters, Contacts);
    }

    public SessionCounters Counters { get; } = new();

    public IReadOnlyList<WindowSpec> Specs => _specs;

    /// <summary>Event time of the last applied event (or end of input).</summary>
    public long Now => Clock.Now;

    /// <summary>Agents known (logged in or not).</summary>
    public int AgentCount => Store.Agents.Count;

    /// <summary>Calls in the system.</summary>
    public int OpenCallCount => Store.Calls.Count;

    /// <summary>The sessions, and the prefetch hints for them (<see cref="SessionStore.TouchSlots"/> and the next two steps).</summary>
    internal SessionStore Store { get; }

    /// <summary>The windowed tallies and their series.</summary>
    internal SeriesTallies Tallies { get; }

    internal Contacts.ContactTracker Contacts { get; }

    /// <summary>Time and counts into the tallies.</summary>
    internal Accrual Accrual { get; }

    /// <summary>The idle-session eviction.</summary>
    internal IdleEviction Eviction { get; }

    /// <summary>Event time: granules, windows emitted.</summary>
    internal WindowClock Clock { get; }

    /// <summary>Applies one event. Events must come in non-decreasing time.</summary>
    public void Apply(in CanonicalEvent e)
    {
        Clock.AdvanceTo(e.Timestamp);
        Counters.EventsApplied++;
        var t = e.Timestamp;
        switch (e.Type)
        {
            case EventType.CallArrived: _callEvents.OnArrived(e, t); break;
            case EventType.CallQueued: _callEvents.OnQueued(e, t); break;
            case EventType.CallAnswered: _callEvents.OnAnswered(e, t); break;
            case EventType.CallHeld: _callEvents.OnHeld(e, t, hold: true); break;
            case EventType.CallRetrieved: _callEvents.OnHeld(e, t, hold: false); break;
            case EventType.CallTransferred: _callEvents.OnTransferred(e, t); break;
            case EventType.CallEnded: _callEvents.OnEnded(e, t); break;
            case EventType.WrapEnded: _legs.OnWrapEnded(e, t); break;
            case EventType.SurveyCompleted: _callEvents.OnSurvey(e, t); break;
            case EventType.AgentLogin: _agentEvents.OnLogin(e, t); break;
            case EventType.AgentState: _agentEvents.OnState(e, t); break;
            case EventType.AgentLogout: _agentEvents.OnLogout(e, t); break;
            default: break;
        }

        if (Accrual.States.Marking)
        {
            MarkStateKeys(e, t);
        }
    }

    // METRICS: every event is its tenant's; an event is a team's when it names one of its agents (the agent's team after
    // the event). Connections ended for another agent are marked where they end (CallStateMachine).
    private void MarkStateKeys(in CanonicalEvent e, long t)
    {
        Accrual.States.MarkTenant(e.Tenant, t);
        if (e.Agent != 0 && Store.Agents.Get(e.Tenant, e.Agent) is { } agent)
        {
            Accrual.States.MarkTeam(agent, t);
        }
    }

    /// <inheritdoc cref="WindowClock.AdvanceTo"/>
    public void AdvanceTo(long t) => Clock.AdvanceTo(t);

    /// <inheritdoc cref="WindowClock.Finish"/>
    public void Finish(long end) => Clock.Finish(end);

    /// <inheritdoc cref="WindowClock.EmitProvisional"/>
    public void EmitProvisional(long upTo) => Clock.EmitProvisional(upTo);

    /// <inheritdoc cref="Live.LiveProjection.Agents"/>
    public List<Live.AgentView> Agents(SymbolTable symbols) => _live.Agents(symbols);

    /// <inheritdoc cref="Live.LiveProjection.WaitingCalls"/>
    public List<Live.WaitingCallView> WaitingCalls(SymbolTable symbols) => _live.WaitingCalls(symbols);

    /// <inheritdoc cref="Live.LiveProjection.RecentAbandons"/>
    public List<Live.AbandonView> RecentAbandons(SymbolTable symbols) => _live.RecentAbandons(symbols);

    /// <summary>Writes the whole state: clock, series, windows, agents with their legs, calls, timers.</summary>
    internal void WriteTo(Snapshots.SnapshotWriter w) => _codec.Write(w);

    /// <summary>Reads what <see cref="WriteTo"/> wrote (in engine format <paramref name="version"/>) into a new sessionizer with the same options.</summary>
    internal void ReadFrom(Snapshots.SnapshotReader r, int version) => _codec.Read(r, version);
}
