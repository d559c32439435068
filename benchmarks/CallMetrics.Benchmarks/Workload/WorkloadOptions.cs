namespace CallMetrics.Benchmarks.Workload;

/// <summary>
/// The shape of a synthetic contact-center day. Defaults give a busy inbound center: agents log in over
/// the first minutes (5 min, less in very large centers so short inputs reach the steady state), calls
/// arrive as a Poisson process sized to keep agents ~85% occupied, and an answered call carries about
/// <see cref="EventsPerCall"/> events (holds, transfers and surveys fill the budget above the five every
/// answered call has; abandons and wraps ended by the timer make the measured mean a little lower).
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>Logged-in agents.</summary>
    public int Agents { get; init; } = 10_000;

    /// <summary>Target number of events per answered call (8..20 are realistic; minimum 5).</summary>
    public int EventsPerCall { get; init; } = 12;

    /// <summary>Stop after this many events.</summary>
    public int Events { get; init; } = 1_000_000;

    /// <summary>Random seed: the same options give the same bytes.</summary>
    public int Seed { get; init; } = 20261123;

    /// <summary>Agents per team.</summary>
    public int AgentsPerTeam { get; init; } = 25;

    /// <summary>Queues (skills).</summary>
    public int Queues { get; init; } = 24;

    /// <summary>Share of agent time spent on calls the arrival rate is sized for.</summary>
    public double Occupancy { get; init; } = 0.85;

    /// <summary>
    /// When set, every wrap ends with <c>wrap.ended</c> before <c>max_wrap</c> (draws past it are cut to 119 s), so no
    /// leg is handled by the timer. The peers (Peers/) need it: a pipeline without timers cannot end a wrap that no
    /// event ends. Off by default: 10% of wraps, and those longer than 120 s, end by the timer.
    /// </summary>
    public bool EveryWrapEnded { get; init; }

    /// <summary>Tenant name written on every event.</summary>
    public string Tenant { get; init; } = "acme";
}
