namespace CallMetrics.Core.Sessions;

/// <summary>One call (contact) of one tenant while it is in the system.</summary>
internal sealed class CallSession : KeyedSession
{
    /// <summary>Call symbol.</summary>
    public int Call;

    /// <summary>Phase.</summary>
    public CallPhase Phase;

    /// <summary>Queue series of the open visit (when <see cref="Phase"/> is Queued).</summary>
    public int VisitQueueSeries = -1;

    /// <summary>Start of the open visit.</summary>
    public long VisitStart;

    /// <summary>The number of the open visit in <see cref="QueueVisits"/>; 0 when no visit is open.</summary>
    public int VisitId;

    /// <summary>The connected leg (when Connected).</summary>
    public Leg? Connected;

    /// <summary>The last agent connected to the call, for surveys without an agent.</summary>
    public AgentSession? LastAgent;

    /// <summary>Event time of the last event for this call.</summary>
    public long LastSeen;

    /// <summary>Event time of the call's first accepted event (S of METRICS.md "Repeat contacts").</summary>
    public long StartedAt;

    /// <summary>True once the call's first <c>call.arrived</c> was applied (its caller and call type are kept).</summary>
    public bool HadArrived;

    /// <summary>The call type of the first <c>call.arrived</c>; 0 (<c>unspecified</c>) when none.</summary>
    public int CallType;

    /// <summary>The caller's key (<see cref="Events.CanonicalEvent.CallerKey"/>) of an inbound call; 0 when it takes no part in FCR.</summary>
    public ulong CallerKey;

    /// <summary>The agent of the last leg answered on the call (the contact's agent); null before any answer.</summary>
    public AgentSession? AnsweredAgent;

    /// <summary>The queue series the last answered leg's handled counts for; -1 for none.</summary>
    public int AnsweredQueueSeries = -1;

    /// <summary>Event time at which the call ended; valid once ended.</summary>
    public long EndedAt;
}
