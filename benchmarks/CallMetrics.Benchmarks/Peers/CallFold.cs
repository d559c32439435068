namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// The state of one call as the peers fold its events ("sessionize per call"), and what each event completes:
/// queue visits offered, answered and abandoned, and agent legs handled (METRICS.md: handle = talk + hold + wrap,
/// counted at the wrap end). It sees only the call's own events, so the rules that need another key's state or a
/// timer are not in it: a wrap ended by the agent's next answer, <c>agent.state</c> or logout (agent state), and a
/// wrap ended by <c>max_wrap</c> without <c>wrap.ended</c> (a timer). The peers' workload is generated so that none
/// of those arise (every wrap ends with <c>wrap.ended</c> within <c>max_wrap</c>, before the agent's next event).
/// </summary>
public sealed class CallFold
{
    /// <summary>METRICS: an abandon with a wait shorter than <c>short_abandon</c> (default 5 s) is not counted as abandoned.</summary>
    public const long ShortAbandonMs = 5_000;

    /// <summary>METRICS: a <c>wrap.ended</c> later than <c>max_wrap</c> (default 120 s) after the connection's end is ignored.</summary>
    public const long MaxWrapMs = 120_000;

    private readonly List<CallLeg> _legs;

    /// <summary>A call with no events yet.</summary>
    public CallFold()
        : this(null, 0, false, [])
    {
    }

    private CallFold(string? visitQueue, long visitStartMs, bool ended, List<CallLeg> legs)
    {
        VisitQueue = visitQueue;
        VisitStartMs = visitStartMs;
        Ended = ended;
        _legs = legs;
    }

    /// <summary>The queue of the open queue visit; null when the call is not waiting.</summary>
    public string? VisitQueue { get; private set; }

    /// <summary>When the open visit started (Unix ms).</summary>
    public long VisitStartMs { get; private set; }

    /// <summary>True once <c>call.ended</c> was seen.</summary>
    public bool Ended { get; private set; }

    /// <summary>The legs connected or in wrap.</summary>
    public IReadOnlyList<CallLeg> Legs => _legs;

    /// <summary>True when nothing more can complete: the call ended, nobody waits, every wrap ended.</summary>
    public bool IsFinished => Ended && VisitQueue is null && _legs.Count == 0;

    /// <summary>Rebuilds a call from its parts (a state store's deserializer).</summary>
    public static CallFold Restore(string? visitQueue, long visitStartMs, bool ended, List<CallLeg> legs) =>
        new(visitQueue, visitStartMs, ended, legs);

    /// <summary>Applies the call's next event; adds what it completed to <paramref name="completed"/>.</summary>
    public void Apply(PeerEvent e, ICollection<Outcome> completed)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(completed);
        var t = e.TsMs;
        switch (e.Type)
        {
            case PeerEventType.CallQueued:
                // METRICS: call.queued while connected ends the connection (to wrap); while queued it ends the visit with no outcome.
                EndConnection(t);
                VisitQueue = e.Queue;
                VisitStartMs = t;
                if (e.Queue is { } queue)
                {
                    completed.Add(new Outcome(OutcomeKind.Offered, queue, t, 0));
                }

                break;

            case PeerEventType.CallAnswered when e.AgentId is { } agent:
                if (ConnectedLeg() is var connected && connected >= 0 && _legs[connected].Agent == agent)
                {
                    break; // METRICS: answered again by the agent already connected: ignored.
                }

                if (VisitQueue is { } visit)
                {
                    completed.Add(new Outcome(OutcomeKind.Answered, visit, t, 0));
                    VisitQueue = null;
                }

                EndConnection(t); // METRICS: another agent's connection ends (to wrap).
                _legs.Add(new CallLeg(agent, t, CallLeg.Connected));
                break;

            case PeerEventType.CallTransferred when e.AgentId is { } agent:
                if (ConnectedLeg() is var leg && leg >= 0 && _legs[leg].Agent == agent)
                {
                    _legs[leg] = _legs[leg] with { ConnectionEndMs = t };
                }

                break;

            case PeerEventType.CallEnded:
                if (VisitQueue is { } abandoned)
                {
                    if (t - VisitStartMs >= ShortAbandonMs)
                    {
                        completed.Add(new Outcome(OutcomeKind.Abandoned, abandoned, t, 0));
                    }

                    VisitQueue = null;
                }

                EndConnection(t);
                Ended = true;
                break;

            case PeerEventType.WrapEnded when e.AgentId is { } agent:
                for (var i = 0; i < _legs.Count; i++)
                {
                    var wrap = _legs[i];
                    if (wrap.Agent == agent && !wrap.IsConnected)
                    {
                        if (t - wrap.ConnectionEndMs <= MaxWrapMs)
                        {
                            completed.Add(new Outcome(OutcomeKind.Handled, agent, t, t - wrap.AnsweredMs));
                        }

                        _legs.RemoveAt(i);
                        break;
                    }
                }

                break;

            default:
                break; // arrived, held, retrieved, surveys: nothing in the subset completes.
        }
    }

    private int ConnectedLeg()
    {
        for (var i = 0; i < _legs.Count; i++)
        {
            if (_legs[i].IsConnected)
            {
                return i;
            }
        }

        return -1;
    }

    private void EndConnection(long t)
    {
        var i = ConnectedLeg();
        if (i >= 0)
        {
            _legs[i] = _legs[i] with { ConnectionEndMs = t };
        }
    }
}
