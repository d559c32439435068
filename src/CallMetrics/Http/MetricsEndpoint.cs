using System.Globalization;
using System.Text;
using CallMetrics.Hosting;
using CallMetrics.Influx;
using CallMetrics.Live;

namespace CallMetrics.Http;

/// <summary>
/// <c>GET /metrics</c>: counters for operators in the Prometheus text format 0.0.4, written by hand (a few
/// lines, no client library). Counters are totals; rates (events in/out per second) are Prometheus'
/// <c>rate()</c> of them. No setting or secret is ever written, only counts, names of reasons and times.
/// </summary>
/// <remarks>
/// Consumer lag is not exported: the Kafka source does not query the brokers' high-water marks, and doing it
/// per scrape would cost a broker round trip per partition. <c>callmetrics_watermark_lag_seconds</c> (wall
/// time minus event time) shows falling behind in the terms a supervisor sees.
/// </remarks>
internal static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (HttpContext context, PipelineState state, TimeProvider time) =>
        {
            var sink = context.RequestServices.GetService<InfluxSink>();
            var live = context.RequestServices.GetService<LiveView>();
            return Results.Text(Render(state, sink?.Statistics, live, time.GetUtcNow()), ContentType);
        });
        return endpoints;
    }

    public static string Render(PipelineState state, InfluxSinkStatistics? sink, LiveView? live, DateTimeOffset now)
    {
        var text = new StringBuilder(2048);
        var statistics = state.Statistics;
        Counter(text, "callmetrics_records_in_total", "Kafka records read.", statistics?.RecordsIn ?? 0);
        Counter(text, "callmetrics_events_accepted_total", "Events accepted by the engines.", statistics?.EventsAccepted ?? 0);
        Counter(text, "callmetrics_duplicates_total", "Duplicate events ignored.", statistics?.Duplicates ?? 0);
        Header(text, "callmetrics_rejected_total", "Events dead-lettered, by reason (late, invalid_json, ...).", "counter");
        var reasons = statistics?.RejectedByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList() ?? [];
        foreach (var (reason, count) in reasons)
        {
            text.Append("callmetrics_rejected_total{reason=\"").Append(Escape(reason)).Append("\"} ").Append(Number(count)).Append('\n');
        }

        Counter(text, "callmetrics_lines_out_total", "Line-protocol lines handed to the sink.", statistics?.LinesOut ?? 0);
        Counter(text, "callmetrics_lines_written_total", "Lines the sink's server accepted.", sink?.LinesWritten ?? 0);
        Counter(text, "callmetrics_sink_batches_total", "Sink batches written durably.", sink?.BatchesWritten ?? 0);
        Counter(text, "callmetrics_sink_retries_total", "Sink HTTP attempts retried.", sink?.Retries ?? 0);
        Counter(text, "callmetrics_sink_rejected_lines_total", "Lines the sink's server refused (dead-lettered).", sink?.RejectedLines ?? 0);
        Gauge(text, "callmetrics_sink_queue_depth", "Batches waiting in the sink's queue.", sink?.QueueDepth ?? 0);
        Gauge(text, "callmetrics_sink_healthy", "1 while the sink's last attempt succeeded.", sink is { IsHealthy: true } ? 1 : 0);
        if (statistics is { Watermark: not long.MinValue } s)
        {
            Gauge(text, "callmetrics_watermark_lag_seconds", "Wall time minus the engines' watermark (final windows end before it).", Lag(now, s.Watermark));
            Gauge(text, "callmetrics_event_time_lag_seconds", "Wall time minus the latest accepted event time.", Lag(now, s.MaxEventTime));
        }

        if (live is not null)
        {
            Counter(text, "callmetrics_live_dropped_total", "Events the live view dropped as out of order (lateness 0); the engines still count them.", live.Dropped);
            Counter(text, "callmetrics_live_failures_total", "Exceptions caught in the live view.", live.Failures);
        }

        return text.ToString();
    }

    private static double Lag(DateTimeOffset now, long eventTimeNs) =>
        (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - (eventTimeNs / 100)) / (double)TimeSpan.TicksPerSecond;

    private static void Counter(StringBuilder text, string name, string help, double value)
    {
        Header(text, name, help, "counter");
        text.Append(name).Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        Header(text, name, help, "gauge");
        text.Append(name).Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
