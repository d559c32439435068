using CallMetrics.Alerts;
using CallMetrics.Http;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Live;
using CallMetrics.Pipeline;

namespace CallMetrics.Configuration;

/// <summary>
/// The sections under <c>CallMetrics:</c> that <c>callmetrics run</c> reads, each with its options class. A key under
/// <c>CallMetrics:</c> outside these, or naming no property of its class, stops the start (a typo would otherwise be
/// ignored silently). A new options class adds its line here and its validator (<see cref="OptionsRegistration"/>).
/// </summary>
internal static class ServiceSections
{
    /// <summary>The root of the service's own settings; keys outside it (logging, <c>urls</c>, ...) are not checked.</summary>
    public const string Root = "CallMetrics";

    /// <summary>Every section of the service.</summary>
    public static IReadOnlyList<OptionsSection> All { get; } =
    [
        new(KafkaDefaults.SectionName, typeof(KafkaOptions)),
        new(InfluxDefaults.SectionName, typeof(InfluxOptions)),
        new(PipelineDefaults.MetricsSectionName, typeof(MetricsSettings)),
        new(PipelineDefaults.SectionName, typeof(PipelineOptions)),
        new(LiveDefaults.SectionName, typeof(LiveOptions)),
        new(LiveDefaults.WallboardSectionName, typeof(WallboardOptions)),
        new(TelemetryOptions.SectionName, typeof(TelemetryOptions)),
        new(HttpSecurityOptions.SectionName, typeof(HttpSecurityOptions)),
        new(AlertDefaults.SectionName, typeof(AlertOptions)),
    ];
}
