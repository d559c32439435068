namespace CallMetrics.Simulation;

/// <summary>Where a simulated call is.</summary>
internal enum SimulatedCallState : byte
{
    Ivr,
    Waiting,
    Connected,
    Transferring,
    Ended,
}

/// <summary>The mutable state of one call while it is simulated; also a node of its queue's waiting list.</summary>
internal sealed class SimulatedCall(string id, int tenant, int queue)
{
    public string Id { get; } = id;

    public int Tenant { get; } = tenant;

    public int Queue { get; set; } = queue;

    public SimulatedCallState State { get; set; } = SimulatedCallState.Ivr;

    /// <summary>Counts queue visits, so that an abandon scheduled for an earlier visit is recognised as stale.</summary>
    public int Visit { get; set; }

    public long QueuedAtMs { get; set; }

    /// <summary>The connected agent, or the last one after the connection ended; -1 before any answer.</summary>
    public int Agent { get; set; } = -1;

    /// <summary>Transferred to another queue or escalated, which happens at most once per call.</summary>
    public bool Transferred { get; set; }

    /// <summary>The caller: a customer number of the tenant's <see cref="CustomerPool"/>.</summary>
    public int Customer { get; set; }

    /// <summary>Index into <see cref="CallTypeCatalog.Inbound"/>; ignored for outbound calls.</summary>
    public int CallType { get; set; }

    /// <summary>Made by an agent (<c>direction: outbound</c>): no IVR, no queue, no repeat contact.</summary>
    public bool Outbound { get; set; }

    /// <summary>How the last agent leg ended; null before one ended.</summary>
    public SimulatedOutcome? Outcome { get; set; }

    public CallTypeProfile Profile => Outbound ? CallTypeCatalog.Outbound : CallTypeCatalog.Inbound[CallType];

    public SimulatedCall? Previous { get; set; }

    public SimulatedCall? Next { get; set; }
}
