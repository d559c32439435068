namespace CallMetrics.Live;

// The JSON contract of GET /api/v1/live (and each event of /api/v1/live/stream). Durations are seconds,
// ratios are fractions (0.82), instants are RFC 3339 UTC; a ratio with a zero denominator is null
// (METRICS.md: omitted, never 0). "today" is the UTC day of the latest event time; "rolling" is the
// rolling window (default 15 min) evaluated at the last step instant at or before the latest event time.

/// <summary>The whole live picture at one moment.</summary>
/// <param name="GeneratedAt">Wall time of this answer.</param>
/// <param name="Version">Grows whenever the picture changes.</param>
/// <param name="EventTime">The latest event time the live view has applied (its watermark: live lateness is 0).</param>
/// <param name="WatermarkLagSeconds">Wall time minus <paramref name="EventTime"/>.</param>
/// <param name="LastUpdateAt">Wall time when events last changed the picture.</param>
/// <param name="DataAgeSeconds">Wall time minus <paramref name="LastUpdateAt"/>: how old the data is.</param>
/// <param name="PipelineWatermark">The authoritative engines' watermark (windows before it are final), when known.</param>
/// <param name="Today">The UTC day the "today" figures cover (yyyy-MM-dd).</param>
/// <param name="RollingWindow">The rolling window length tag (15m).</param>
/// <param name="RollingAt">The instant the rolling figures are evaluated at.</param>
/// <param name="Tenants">Per tenant totals.</param>
/// <param name="Queues">Per queue.</param>
/// <param name="Teams">Per team.</param>
/// <param name="Agents">Per agent.</param>
/// <param name="Abandons">The most recent abandoned calls, newest first.</param>
internal sealed record LiveResponse(
    string GeneratedAt,
    long Version,
    string? EventTime,
    double? WatermarkLagSeconds,
    string? LastUpdateAt,
    double? DataAgeSeconds,
    string? PipelineWatermark,
    string? Today,
    string? RollingWindow,
    string? RollingAt,
    IReadOnlyList<LiveTenant> Tenants,
    IReadOnlyList<LiveQueue> Queues,
    IReadOnlyList<LiveTeam> Teams,
    IReadOnlyList<LiveAgent> Agents,
    IReadOnlyList<LiveAbandon> Abandons);

/// <summary>Queue figures over a span (today, or the rolling window).</summary>
internal sealed record QueueFigures(
    int Offered,
    int Answered,
    int Abandoned,
    int ShortAbandoned,
    int Handled,
    double? ServiceLevel,
    double? AbandonRate,
    double? AsaSeconds,
    double? AhtSeconds,
    double? MaxWaitSeconds);

/// <summary>Agent figures over a span (one agent, or summed over a team or tenant).</summary>
internal sealed record AgentFigures(
    int Handled,
    double? AhtSeconds,
    double TalkSeconds,
    double HoldSeconds,
    double WrapSeconds,
    double BusySeconds,
    double AvailableSeconds,
    double NotReadySeconds,
    double? Occupancy,
    double? Utilization,
    int Transfers,
    int Surveys,
    double? Csat);

/// <summary>Agents by current state.</summary>
internal sealed record StateCounts(int LoggedIn, int Busy, int Available, int NotReady);

/// <summary>One queue now.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Queue">Queue.</param>
/// <param name="Waiting">Visits open now.</param>
/// <param name="LongestWaitSeconds">Event time since the oldest open visit started; null when none is open.</param>
/// <param name="Today">Figures of the UTC day.</param>
/// <param name="Rolling">Figures of the rolling window, null when nothing happened in it.</param>
/// <param name="Kpis">Resolution figures from <see cref="ILiveKpis"/>; set by <see cref="LiveFilter.Apply"/> (never null in an answer).</param>
internal sealed record LiveQueue(string Tenant, string Queue, int Waiting, double? LongestWaitSeconds, QueueFigures Today, QueueFigures? Rolling, LiveKpis? Kpis = null);

/// <summary>One team now.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Team">Team.</param>
/// <param name="Agents">Its agents by current state.</param>
/// <param name="Today">Figures of the UTC day.</param>
/// <param name="Rolling">Figures of the rolling window, null when nothing happened in it.</param>
/// <param name="Kpis">Resolution figures from <see cref="ILiveKpis"/>; set by <see cref="LiveFilter.Apply"/> (never null in an answer).</param>
internal sealed record LiveTeam(string Tenant, string Team, StateCounts Agents, AgentFigures Today, AgentFigures? Rolling, LiveKpis? Kpis = null);

/// <summary>A queue's or team's resolution figures, by the window each covers.</summary>
/// <param name="Today">Over the UTC day of the "today" figures.</param>
/// <param name="Rolling">Over the rolling window (first-contact resolution has none: <c>fcr_metrics</c> is intervals only).</param>
internal sealed record LiveKpis(KpiFigures Today, KpiFigures Rolling)
{
    /// <summary>Nothing known.</summary>
    public static readonly LiveKpis None = new(KpiFigures.None, KpiFigures.None);
}

/// <summary>Resolution figures over one window; null when unknown or when the ratio's denominator is 0.</summary>
/// <param name="HandleP90Seconds">Nearest-rank p90 of the handle times of the legs handled (<c>handle_p90_s</c>).</param>
/// <param name="FcrRate">Resolved contacts / contacts (<c>fcr_metrics</c>, summed over the window's intervals).</param>
/// <param name="RepeatCalls">Contacts repeated (a call of the same caller came within the FCR window).</param>
internal sealed record KpiFigures(double? HandleP90Seconds, double? FcrRate, int? RepeatCalls)
{
    /// <summary>Nothing known.</summary>
    public static readonly KpiFigures None = new(null, null, null);
}

/// <summary>One agent now.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Agent">Agent id.</param>
/// <param name="Team">Team, or empty.</param>
/// <param name="State">logged_out, busy, available or not_ready.</param>
/// <param name="Activity">talk, hold or wrap for a busy agent; empty otherwise.</param>
/// <param name="Reason">The reason of the last chosen state, or empty.</param>
/// <param name="Since">Since when the agent is in <paramref name="State"/>.</param>
/// <param name="InStateSeconds">Event time in that state so far.</param>
/// <param name="ActivitySince">Since when the agent is in its current <paramref name="Activity"/> (for an agent who is not busy, <paramref name="Since"/>).</param>
/// <param name="InActivitySeconds">Event time in that activity so far: what the wallboard's agent card shows.</param>
/// <param name="HandledToday">Legs handled today.</param>
/// <param name="Rolling">The rolling window's figures, null when nothing happened in it.</param>
internal sealed record LiveAgent(
    string Tenant,
    string Agent,
    string Team,
    string State,
    string Activity,
    string Reason,
    string Since,
    double InStateSeconds,
    string ActivitySince,
    double InActivitySeconds,
    int HandledToday,
    AgentFigures? Rolling);

/// <summary>An abandoned call.</summary>
internal sealed record LiveAbandon(string Tenant, string Call, string Queue, string At, double WaitSeconds, bool Short);

/// <summary>One tenant's totals.</summary>
internal sealed record LiveTenant(
    string Tenant, int Waiting, double? LongestWaitSeconds, StateCounts Agents, QueueFigures QueuesToday, AgentFigures AgentsToday, QueueFigures? QueuesRolling, AgentFigures? AgentsRolling);
