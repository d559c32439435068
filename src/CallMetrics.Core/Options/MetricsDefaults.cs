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
    /// An event more than 7 days ahead of the latest event time accepted (and, in the service, of the
    /// clock) is rejected as too far ahead: long enough for a contact center closed over a long weekend
    /// and for test clocks a few days ahead, short enough that a producer with a wrong year cannot drag
    /// event time (and every other producer's events into lateness) with it (docs/DECISIONS.md).
    /// </summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(7);

    /// <summary>
    /// How long (watermark progress) accepted event ids are remembered to recognise duplicates: 24 h. With one
    /// ordered source a copy older than the lateness is late anyway; but with several Kafka partitions the
    /// watermark follows the slowest, events of the others can be accepted hours ahead of it, and a
    /// redelivered copy of such an event must still be recognised: the horizon must exceed how far the
    /// partitions drift apart in event time. Shorter saves memory and speed (docs/PERFORMANCE.md).
    /// </summary>
    public static readonly TimeSpan DedupeHorizon = TimeSpan.FromHours(24);

    /// <summary>How long (in event time, behind the watermark) ended calls are remembered for surveys: 24 h.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// How long after a contact ends a call of the same caller makes it repeated (METRICS.md "Repeat contacts"): 7 days,
    /// the middle of the usual 5-10 day first-contact-resolution window.
    /// </summary>
    public static readonly TimeSpan FcrWindow = TimeSpan.FromDays(7);
}
