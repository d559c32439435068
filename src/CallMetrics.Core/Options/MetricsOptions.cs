namespace CallMetrics.Core.Options;

/// <summary>
/// The parameters of METRICS.md. Every duration is a whole number of seconds or more; window lengths
/// are whole multiples of their step. Defaults are in <see cref="MetricsDefaults"/>.
/// </summary>
public sealed record MetricsOptions
{
    /// <summary>Fixed interval length (METRICS.md "Intervals").</summary>
    public TimeSpan Interval { get; init; } = MetricsDefaults.Interval;

    /// <summary>Rolling window length, or null for no rolling windows.</summary>
    public TimeSpan? Rolling { get; init; }

    /// <summary>Rolling evaluation step.</summary>
    public TimeSpan Step { get; init; } = MetricsDefaults.Step;

    /// <summary>Answers with a wait up to and including this are within service level.</summary>
    public TimeSpan ServiceLevelThreshold { get; init; } = MetricsDefaults.ServiceLevelThreshold;

    /// <summary>Abandons with a wait shorter than this are short abandons.</summary>
    public TimeSpan ShortAbandon { get; init; } = MetricsDefaults.ShortAbandon;

    /// <summary>Wrap without <c>wrap.ended</c> ends this long after the connection.</summary>
    public TimeSpan MaxWrap { get; init; } = MetricsDefaults.MaxWrap;

    /// <summary>Allowed lateness behind the largest event time seen.</summary>
    public TimeSpan Lateness { get; init; } = MetricsDefaults.Lateness;

    /// <summary>
    /// How long accepted event ids are remembered, in event time: an id is a duplicate when it was accepted with a time
    /// not older than the watermark (of the event's own source) minus this (METRICS.md "Precise rules").
    /// </summary>
    public TimeSpan DedupeHorizon { get; init; } = MetricsDefaults.DedupeHorizon;

    /// <summary>How long ended calls are remembered behind the watermark (for surveys without an agent).</summary>
    public TimeSpan Retention { get; init; } = MetricsDefaults.Retention;

    /// <summary>
    /// A call with no event for this long is evicted (its connection ends, counted as an anomaly), and a
    /// logged-out agent with nothing open leaves state after it; keeps memory bounded when events go missing.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = MetricsDefaults.IdleTimeout;

    /// <summary>
    /// How far ahead an event may be. With a clock (the service's engines): of the wall clock; later ones are rejected
    /// as <c>future</c> (METRICS.md "Wall-clock guards"; the service sets <see cref="MetricsDefaults.MaxFutureSkew"/>).
    /// Without one (replay, when asked for): of the latest event time accepted; later ones are rejected as
    /// <c>too_far_ahead</c>. Null (the default): no limit.
    /// </summary>
    public TimeSpan? MaxFutureSkew { get; init; }

    /// <summary>The FCR window W: a call of the same caller starting less than this after a contact ends repeats it.</summary>
    public TimeSpan FcrWindow { get; init; } = MetricsDefaults.FcrWindow;

    /// <summary>
    /// The outcome class of each disposition (case-sensitive), replacing the default map; null for the default map,
    /// in which <c>resolved</c>, <c>escalated</c>, <c>sale</c> and <c>complaint</c> map to their class and every other
    /// disposition to none (METRICS.md "Outcomes from dispositions"). Read one with <see cref="OutcomeMapJson"/>.
    /// </summary>
    public IReadOnlyDictionary<string, OutcomeClass>? OutcomeMap { get; init; }

    /// <summary>Queues a transfer to which makes the transferred leg <c>escalated</c>, whatever its disposition; none by default.</summary>
    public IReadOnlyList<string> EscalationQueues { get; init; } = [];

    /// <summary>
    /// With a clock (the service's engines), how far behind it an event may be; older ones are rejected as
    /// <c>too_old</c> (the service sets <see cref="MetricsDefaults.MaxEventAge"/>). Without a clock it has no effect:
    /// replay has no wall clock to measure age against. Null (the default): no limit.
    /// </summary>
    public TimeSpan? MaxEventAge { get; init; }

    /// <summary>The problems with these options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        RequireWholeSeconds(errors, "interval", Interval, positive: true);
        RequireWholeSeconds(errors, "step", Step, positive: true);
        if (Rolling is { } rolling)
        {
            RequireWholeSeconds(errors, "rolling", rolling, positive: true);
            if (rolling > TimeSpan.Zero && Step > TimeSpan.Zero && rolling.Ticks % Step.Ticks != 0)
            {
                errors.Add($"rolling ({rolling}) must be a whole multiple of step ({Step})");
            }
        }

        RequireWholeSeconds(errors, "service-level-threshold", ServiceLevelThreshold, positive: false);
        RequireWholeSeconds(errors, "short-abandon", ShortAbandon, positive: false);
        RequireWholeSeconds(errors, "max-wrap", MaxWrap, positive: false);
        RequireWholeSeconds(errors, "lateness", Lateness, positive: false);
        RequireWholeSeconds(errors, "retention", Retention, positive: false);
        RequireWholeSeconds(errors, "dedupe-horizon", DedupeHorizon, positive: false);
        RequireWholeSeconds(errors, "idle-timeout", IdleTimeout, positive: true);
        if (MaxFutureSkew is { } skew)
        {
            RequireWholeSeconds(errors, "max-future-skew", skew, positive: true);
        }

        RequireWholeSeconds(errors, "fcr-window", FcrWindow, positive: true);
        if (OutcomeMap is not null)
        {
            foreach (var (disposition, outcome) in OutcomeMap)
            {
                if (string.IsNullOrEmpty(disposition) || outcome is < OutcomeClass.Resolved or > OutcomeClass.Complaint)
                {
                    errors.Add($"outcome-map: disposition '{disposition}' must map to resolved, escalated, sale or complaint");
                }
            }
        }

        if (EscalationQueues.Any(string.IsNullOrEmpty))
        {
            errors.Add("escalation-queue must not be empty");
        }

        if (MaxEventAge is { } age)
        {
            RequireWholeSeconds(errors, "max-event-age", age, positive: true);
        }

        if (Retention < Lateness)
        {
            errors.Add($"retention ({Retention}) must not be shorter than lateness ({Lateness})");
        }

        return errors;
    }

    private static void RequireWholeSeconds(List<string> errors, string name, TimeSpan value, bool positive)
    {
        if (value < TimeSpan.Zero || (positive && value == TimeSpan.Zero))
        {
            errors.Add($"{name} must be {(positive ? "greater than zero" : "zero or more")}, got {value}");
        }
        else if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{name} must be a whole number of seconds, got {value}");
        }
        else if (value > TimeSpan.FromDays(366))
        {
            errors.Add($"{name} must be at most 366 days, got {value}");
        }
    }
}
