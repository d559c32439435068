namespace CallMetrics.Live;

// The JSON contract of GET /api/v1/live/history: the rolling figures of each queue and team at every step
// instant of the last HistorySpan (1 h) of event time, oldest first, so the wallboard's sparklines are drawn
// at load. A point is the rolling window that ends at "at": exactly the "rolling" of /api/v1/live when its
// rollingAt was "at". A step with no point means nothing happened in the window that ends there.

/// <summary>The recent history of the rolling figures.</summary>
/// <param name="RollingWindow">The rolling window length tag (15m), null before the first window.</param>
/// <param name="Step">The distance between points (1m), null before the first window.</param>
/// <param name="Span">How much event time is kept (1h).</param>
/// <param name="From">The earliest instant a point may have (exclusive): <paramref name="To"/> minus <paramref name="Span"/>.</param>
/// <param name="To">The latest point's instant.</param>
/// <param name="Queues">Per queue.</param>
/// <param name="Teams">Per team.</param>
internal sealed record LiveHistoryResponse(
    string? RollingWindow,
    string? Step,
    string Span,
    string? From,
    string? To,
    IReadOnlyList<QueueHistory> Queues,
    IReadOnlyList<TeamHistory> Teams);

/// <summary>One queue's points, oldest first.</summary>
internal sealed record QueueHistory(string Tenant, string Queue, IReadOnlyList<QueuePoint> Points);

/// <summary>A queue's rolling figures at one step instant.</summary>
internal sealed record QueuePoint(string At, QueueFigures Figures);

/// <summary>One team's points, oldest first.</summary>
internal sealed record TeamHistory(string Tenant, string Team, IReadOnlyList<TeamPoint> Points);

/// <summary>A team's rolling figures at one step instant.</summary>
internal sealed record TeamPoint(string At, AgentFigures Figures);
