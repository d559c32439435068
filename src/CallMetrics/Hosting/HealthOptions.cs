namespace CallMetrics.Hosting;

/// <summary>The readiness checks (section <c>CallMetrics:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CallMetrics:Health";

    /// <summary>Default <see cref="StallAfter"/>: a minute, longer than any sink retry back-off (30 s at most by default).</summary>
    public static readonly TimeSpan DefaultStallAfter = TimeSpan.FromSeconds(60);

    /// <summary>How long records read from Kafka may wait untaken by the graph before <c>/readyz</c> reports it stalled.</summary>
    public TimeSpan StallAfter { get; set; } = DefaultStallAfter;
}
