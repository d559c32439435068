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

    /// <summary>Event time at which the call ended; valid once ended.</summary>
    public long EndedAt;
}
