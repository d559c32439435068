using CallMetrics.Configuration;
using CallMetrics.Core.Options;

namespace CallMetrics.Pipeline;

/// <summary>
/// The metric definitions of METRICS.md as configuration (section <c>CallMetrics:Metrics</c>); the same
/// parameters as <c>callmetrics replay</c>'s options. Rolling windows are on by default in the service
/// (the wallboard and live charts read them); set <see cref="Rolling"/> to an empty value to turn them off.
/// </summary>
public sealed class MetricsSettings
{
    /// <summary>Interval length.</summary>
    public TimeSpan Interval { get; set; } = MetricsDefaults.Interval;

    /// <summary>Rolling window length; null for none.</summary>
    public TimeSpan? Rolling { get; set; } = MetricsDefaults.Rolling;

    /// <summary>Rolling step.</summary>
    public TimeSpan Step { get; set; } = MetricsDefaults.Step;

    /// <summary>Service level threshold.</summary>
    public TimeSpan ServiceLevelThreshold { get; set; } = MetricsDefaults.ServiceLevelThreshold;

    /// <summary>Short abandon threshold.</summary>
    public TimeSpan ShortAbandon { get; set; } = MetricsDefaults.ShortAbandon;

    /// <summary>Longest wrap without wrap.ended.</summary>
    public TimeSpan MaxWrap { get; set; } = MetricsDefaults.MaxWrap;

    /// <summary>Allowed lateness.</summary>
    public TimeSpan Lateness { get; set; } = MetricsDefaults.Lateness;

    /// <summary>How long, in event time behind the watermark, event ids are remembered to recognise duplicates (days accepted).</summary>
    public TimeSpan DedupeHorizon { get; set; } = MetricsDefaults.DedupeHorizon;

    /// <summary>How long ended calls are remembered for surveys.</summary>
    public TimeSpan Retention { get; set; } = MetricsDefaults.Retention;

    /// <summary>A call without events for this long is evicted, and an idle logged-out agent leaves state.</summary>
    public TimeSpan IdleTimeout { get; set; } = MetricsDefaults.IdleTimeout;

    /// <summary>
    /// How far ahead of the wall clock an event may be; later ones are dead-lettered as <c>future</c> before they can move
    /// any watermark (METRICS.md "Wall-clock guards"). Empty for no guard.
    /// </summary>
    public TimeSpan? MaxFutureSkew { get; set; } = MetricsDefaults.MaxFutureSkew;

    /// <summary>The FCR window: a call of the same caller this soon after a contact makes it repeated.</summary>
    public TimeSpan FcrWindow { get; set; } = MetricsDefaults.FcrWindow;

    /// <summary>
    /// The path of an outcome map file (a JSON object from disposition to <c>resolved</c>, <c>escalated</c>,
    /// <c>sale</c> or <c>complaint</c>, as <c>replay --outcome-map</c> reads); empty for the default map.
    /// </summary>
    public string? OutcomeMap { get; set; }

    /// <summary>Queues a transfer to which makes the leg escalated; none by default.</summary>
    public List<string> EscalationQueues { get; set; } = [];

    /// <summary>How far behind the wall clock an event may be; older ones are dead-lettered as <c>too_old</c>. Empty for no guard.</summary>
    public TimeSpan? MaxEventAge { get; set; } = MetricsDefaults.MaxEventAge;

    /// <summary>The core's options.</summary>
    public MetricsOptions ToOptions() => new()
    {
        Interval = Interval,
        Rolling = Rolling,
        Step = Step,
        ServiceLevelThreshold = ServiceLevelThreshold,
        ShortAbandon = ShortAbandon,
        MaxWrap = MaxWrap,
        Lateness = Lateness,
        Retention = Retention,
        DedupeHorizon = DedupeHorizon,
        IdleTimeout = IdleTimeout,
        MaxFutureSkew = MaxFutureSkew,
        FcrWindow = FcrWindow,
        OutcomeMap = ReadOutcomeMap(out _),
        EscalationQueues = [.. EscalationQueues],
        MaxEventAge = MaxEventAge,
    };

    /// <summary>The problems, each naming its setting (<c>CallMetrics:Metrics:Interval: interval must be ...</c>).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = ToOptions().Validate().Select(Name).ToList();
        if (ReadOutcomeMap(out var error) is null && error is not null)
        {
            errors.Add($"{PipelineDefaults.MetricsSectionName}:OutcomeMap: {error}");
        }

        return errors;
    }

    /// <summary>Prefixes a message of the core (which names options as replay's flags, <c>idle-timeout</c>) with its key.</summary>
    private static string Name(string error)
    {
        var flag = error.Split(' ', 2)[0];
        var key = string.Concat(flag.Split('-').Select(word => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
        return typeof(MetricsSettings).GetProperty(key) is null
            ? $"{PipelineDefaults.MetricsSectionName}: {error}"
            : $"{PipelineDefaults.MetricsSectionName}:{key}: {error}";
    }

    private IReadOnlyDictionary<string, OutcomeClass>? ReadOutcomeMap(out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(OutcomeMap))
        {
            return null;
        }

        if (OutcomeMapFile.TryRead(OutcomeMap, out var map, out var reason))
        {
            return map;
        }

        error = reason;
        return null;
    }
}
