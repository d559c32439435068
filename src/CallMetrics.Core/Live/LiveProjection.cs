using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Sessions;

namespace CallMetrics.Core.Live;

/// <summary>
/// What the sessions look like now, for the live views: every agent with its status and activity, the
/// calls waiting in a queue, and the most recent abandons (which it keeps itself: an abandoned call is gone
/// from the sessions).
/// </summary>
internal sealed class LiveProjection
{
    private const int RecentAbandonCapacity = 200;

    private readonly SessionStore _store;
    private readonly SeriesTallies _tallies;
    private readonly SymbolTable? _names;
    // Not checkpointed: after a restore the list starts empty.
    private readonly Queue<AbandonRecord> _recentAbandons = new();

    /// <summary>Creates the projection of the sessions in <paramref name="store"/>.</summary>
    /// <param name="store">The sessions.</param>
    /// <param name="tallies">The series (queue names).</param>
    /// <param name="names">
    /// The table the events' names are in: an abandon keeps its call's name from it when recorded. Without it the name
    /// is read when the view is taken, and reads as <see cref="SymbolTable.ReleasedName"/> once the id is released.
    /// </param>
    public LiveProjection(SessionStore store, SeriesTallies tallies, SymbolTable? names = null)
    {
        _store = store;
        _tallies = tallies;
        _names = names;
    }

    /// <summary>A call waiting in the queue of <paramref name="queueSeries"/> was abandoned at <paramref name="at"/>.</summary>
    public void RecordAbandon(int tenant, int call, int queueSeries, long at, long waitNs, bool isShort)
    {
        // A call's id is released once the call is long over (SessionStore), possibly by another engine sharing the
        // table, while the abandon stays listed: its name is kept now (a reference, no copy). Tenants and queues are
        // never released.
        _recentAbandons.Enqueue(new AbandonRecord(tenant, call, _names?[call], queueSeries, at, waitNs, isShort));
        if (_recentAbandons.Count > RecentAbandonCapacity)
        {
            _recentAbandons.Dequeue();
        }
    }

    /// <summary>Every known agent as it is now, names resolved with <paramref name="symbols"/>.</summary>
    public List<AgentView> Agents(SymbolTable symbols)
    {
        var views = new List<AgentView>(_store.Agents.Count);
        foreach (var agent in _store.Agents.Values)
        {
            var (activity, activitySince) = Activity(agent);
            views.Add(new AgentView(
                symbols[agent.Tenant], symbols[agent.Agent], symbols[agent.Team], agent.Status, agent.StatusStarted, activity, symbols[agent.Reason], activitySince));
        }

        return views;
    }

    /// <summary>
    /// The agent's activity and since when: the segment of the leg that changed last (the later leg on a tie), or with
    /// no leg none, since the status began.
    /// </summary>
    private static (string Activity, long Since) Activity(AgentSession agent)
    {
        Leg? latest = null;
        for (var i = 0; i < agent.Legs.Count; i++)
        {
            if (latest is null || agent.Legs[i].SegmentStarted >= latest.SegmentStarted)
            {
                latest = agent.Legs[i];
            }
        }

        if (latest is null)
        {
            return (string.Empty, agent.StatusStarted);
        }

        var activity = latest.Segment switch
        {
            LegSegment.Talk => "talk",
            LegSegment.Hold => "hold",
            LegSegment.Wrap => "wrap",
            _ => string.Empty,
        };
        return (activity, latest.SegmentStarted);
    }

    /// <summary>Calls waiting in a queue now.</summary>
    public List<WaitingCallView> WaitingCalls(SymbolTable symbols)
    {
        var views = new List<WaitingCallView>();
        foreach (var call in _store.Calls.Values)
        {
            if (call.Phase == CallPhase.Queued)
            {
                var (_, queue) = _tallies.QueueKeys[call.VisitQueueSeries];
                views.Add(new WaitingCallView(symbols[call.Tenant], EventDecoder.CallName(symbols[call.Call]), symbols[queue], call.VisitStart));
            }
        }

        return views;
    }

    /// <summary>The most recent abandons (up to 200), oldest first.</summary>
    public List<AbandonView> RecentAbandons(SymbolTable symbols) =>
        [.. _recentAbandons.Select(a => new AbandonView(
            symbols[a.Tenant], EventDecoder.CallName(a.CallName ?? symbols[a.Call]), symbols[_tallies.QueueKeys[a.QueueSeries].Queue], a.At, a.WaitNs, a.IsShort))];

    private readonly record struct AbandonRecord(int Tenant, int Call, string? CallName, int QueueSeries, long At, long WaitNs, bool IsShort);
}
