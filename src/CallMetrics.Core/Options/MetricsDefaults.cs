namespace CallMetrics.Core.Options;

/// <summary>The defaults of METRICS.md, in one place.</summary>
public static class MetricsDefaults
{
    /// <summary>Interval length: 15 minutes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>Rolling window length when rolling windows are on: 15 minutes.</summary>
    public static readonly TimeSpan Rolling = TimeSpan.FromMinutes(15);

    /// <summary>Rolling evaluation step: 1 minute.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>Service level threshold: an answer within 20 s (inclusive) is within service level.</summary>
    public static readonly TimeSpan ServiceLevelThreshold = TimeSpan.FromSeconds(20);

    /// <summary>An abandon whose wait is shorter than 5 s is a short abandon.</summary>
    public static readonly TimeSpan ShortAbandon = TimeSpan.FromSeconds(5);

    /// <summary>Wrap ends by itself 120 s after the connection ends.</summary>
    public static readonly TimeSpan MaxWrap = TimeSpan.FromSeconds(120);

    /// <summary>Allowed lateness: events may arrive out of order by up to 60 s.</summary>
    public static readonly TimeSpan Lateness = TimeSpan.FromSeconds(60);

    /// <summary>A call with no event for this long (event time) is evicted and counted: 12 h.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(12);

    /// <summary>
    /// The service's wall-clock guard (METRICS.md "Wall-clock guards"): an event more than 5 minutes ahead of the clock
    /// is rejected as <c>future</c> before it can move any watermark, so one producer with a wrong clock cannot make
    /// everyone else's events late. Replay has no clock and no guard by default.
    /// </summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The service's other wall-clock guard: an event more than 7 days behind the clock is rejected as <c>too_old</c>
    /// before it can move any watermark or open decades of windows.
    /// </summary>
    public static readonly TimeSpan MaxEventAge = TimeSpan.FromDays(7);

    /// <summary>
    /// How long, in event time behind the watermark, accepted event ids are remembered (METRICS.md "Precise rules"): 1 h.
    /// A copy that is not late is always recognised (it is newer than the watermark); the horizon only decides how long
    /// an id reused with a later time stays a duplicate. Memory follows the event rate times this.
    /// </summary>
    public static readonly TimeSpan DedupeHorizon = TimeSpan.FromHours(1);

    /// <summary>How long (in event time, behind the watermark) ended calls are remembered for surveys: 24 h.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// How long after a contact ends a call of the same caller makes it repeated (METRICS.md "Repeat contacts"): 7 days,
    /// the middle of the usual 5-10 day first-contact-resolution window.
    /// </summary>
    public static readonly TimeSpan FcrWindow = TimeSpan.FromDays(7);
}
