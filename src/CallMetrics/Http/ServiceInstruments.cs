using System.Diagnostics.Metrics;
using CallMetrics.Alerts;
using CallMetrics.Hosting;
using CallMetrics.Influx;
using CallMetrics.Live;

namespace CallMetrics.Http;

/// <summary>
/// The operators' counters and gauges as <see cref="System.Diagnostics.Metrics"/> observable instruments of the
/// <see cref="MeterName"/> meter. They read the statistics the pipeline, the sink and the live view already keep
/// (<c>PipelineStatistics</c>, <see cref="InfluxSinkStatistics"/>, <see cref="LiveView"/>) when an exporter
/// collects, so nothing is counted twice and the hot path is not touched. No setting or secret is ever exported,
/// only counts, names of reasons and times.
/// </summary>
/// <remarks>
/// Names are chosen so that the Prometheus exporter prints those of docs/LIVE.md: it turns dots into underscores
/// and adds <c>_total</c> to counters (<c>callmetrics.records_in</c> is <c>callmetrics_records_in_total</c>). Consumer
/// lag is not exported: the Kafka source does not query the brokers' high-water marks, and doing it per collection
/// would cost a broker round trip per partition. <c>callmetrics_watermark_lag_seconds</c> (wall time minus event
/// time) shows falling behind in the terms a supervisor sees.
/// </remarks>
internal sealed class ServiceInstruments
{
    /// <summary>The meter every instrument belongs to; exporters subscribe to it by this name.</summary>
    public const string MeterName = "CallMetrics";

    private readonly PipelineState _state;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/> (disposed with it).</summary>
    public ServiceInstruments(IMeterFactory meters, PipelineState state, TimeProvider time, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _state = state;
        _time = time;
        _services = services;
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("callmetrics.records_in", () => Statistics?.RecordsIn ?? 0, description: "Kafka records read.");
        meter.CreateObservableCounter("callmetrics.events_accepted", () => Statistics?.EventsAccepted ?? 0, description: "Events accepted by the engines.");
        meter.CreateObservableCounter("callmetrics.duplicates", () => Statistics?.Duplicates ?? 0, description: "Duplicate events ignored.");
        meter.CreateObservableCounter("callmetrics.rejected", Rejected, description: "Events dead-lettered, by reason (late, invalid_json, ...).");
        meter.CreateObservableCounter("callmetrics.lines_out", () => Statistics?.LinesOut ?? 0, description: "Line-protocol lines handed to the sink.");
        meter.CreateObservableCounter("callmetrics.lines_written", () => Sink?.LinesWritten ?? 0, description: "Lines the sink's server accepted.");
        meter.CreateObservableCounter("callmetrics.sink_batches", () => Sink?.BatchesWritten ?? 0, description: "Sink batches written durably.");
        meter.CreateObservableCounter("callmetrics.sink_retries", () => Sink?.Retries ?? 0, description: "Sink HTTP attempts retried.");
        meter.CreateObservableCounter("callmetrics.sink_rejected_lines", () => Sink?.RejectedLines ?? 0, description: "Lines the sink's server refused (dead-lettered).");
        meter.CreateObservableCounter("callmetrics.checkpoint_failures", () => Statistics?.CheckpointFailures ?? 0, description: "Checkpoints that could not be written (logged as errors; the previous checkpoint stays in force).");
        meter.CreateObservableGauge("callmetrics.sink_queue_depth", () => Sink?.QueueDepth ?? 0, description: "Batches waiting in the sink's queue.");
        meter.CreateObservableGauge("callmetrics.sink_healthy", () => Sink is { IsHealthy: true } ? 1 : 0, description: "1 while the sink's last attempt succeeded.");
        meter.CreateObservableGauge("callmetrics.watermark_lag_seconds", () => Lag(s => s.Watermark), description: "Wall time minus the engines' watermark (final windows end before it).");
        meter.CreateObservableGauge("callmetrics.event_time_lag_seconds", () => Lag(s => s.MaxEventTime), description: "Wall time minus the latest accepted event time.");
        meter.CreateObservableCounter("callmetrics.live_dropped", () => Live, description: "Events the live view dropped as out of order (lateness 0); the engines still count them.");
        meter.CreateObservableCounter("callmetrics.live_failures", () => LiveFailures, description: "Exceptions caught in the live view.");
        meter.CreateObservableCounter("callmetrics.alert_changes", AlertChanges, description: "Alert changes delivered, by rule and state (firing, resolved).");
        meter.CreateObservableGauge("callmetrics.alerts_firing", () => AlertsFiring, description: "Alerts firing now.");
        meter.CreateObservableCounter("callmetrics.alert_webhook_dropped", () => Webhooks, description: "Alert changes dropped because a webhook's queue was full.");
        meter.CreateObservableCounter("callmetrics.alert_webhook_failed", () => WebhookFailures, description: "Alert changes a webhook refused for good (a 4xx other than 408 and 429; transient failures are retried until delivered).");
    }

    private Pipeline.PipelineStatistics? Statistics => _state.Statistics;

    private InfluxSinkStatistics? Sink => _services.GetService<InfluxSink>()?.Statistics;

    private IEnumerable<Measurement<long>> Live => _services.GetService<LiveView>() is { } live ? [new(live.Dropped)] : [];

    private IEnumerable<Measurement<long>> LiveFailures => _services.GetService<LiveView>() is { } live ? [new(live.Failures)] : [];

    private IEnumerable<Measurement<long>> AlertsFiring => _services.GetService<FiringAlerts>() is { } firing ? [new(firing.Current.Count)] : [];

    private IEnumerable<Measurement<long>> Webhooks => _services.GetService<AlertWebhooks>() is { } webhooks ? [new(webhooks.Dropped)] : [];

    private IEnumerable<Measurement<long>> WebhookFailures => _services.GetService<AlertWebhooks>() is { } webhooks ? [new(webhooks.Failed)] : [];

    private IEnumerable<Measurement<long>> AlertChanges() =>
        _services.GetService<AlertTally>()?.Counts().Select(c => new Measurement<long>(
            c.Count,
            new KeyValuePair<string, object?>("rule", c.Rule),
            new KeyValuePair<string, object?>("state", c.State == AlertState.Firing ? "firing" : "resolved")))
        ?? [];

    private IEnumerable<Measurement<long>> Rejected() =>
        Statistics?.RejectedByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("reason", kv.Key)))
        ?? [];

    // No sample before the engines have a watermark: a lag from the Unix epoch would read as decades behind.
    private IEnumerable<Measurement<double>> Lag(Func<Pipeline.PipelineStatistics, long> eventTimeNs)
    {
        if (Statistics is not { Watermark: not long.MinValue } statistics)
        {
            return [];
        }

        var now = _time.GetUtcNow();
        return [new((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - (eventTimeNs(statistics) / 100)) / (double)TimeSpan.TicksPerSecond)];
    }
}
