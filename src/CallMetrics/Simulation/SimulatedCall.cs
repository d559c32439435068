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

    public bool Transferred { get; set; }

    public SimulatedCall? Previous { get; set; }

    public SimulatedCall? Next { get; set; }
}
