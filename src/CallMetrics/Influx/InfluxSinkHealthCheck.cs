using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallMetrics.Influx;

/// <summary>
/// Readiness of the InfluxDB sink: unhealthy while writes fail, or while the server does not answer its ping
/// (<see cref="InfluxSink.PingAsync"/>), with the counters as data.
/// </summary>
public sealed class InfluxSinkHealthCheck : IHealthCheck
{
    private readonly InfluxSink _sink;

    /// <summary>Creates the check for <paramref name="sink"/>.</summary>
    public InfluxSinkHealthCheck(InfluxSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        InfluxSinkStatistics statistics = _sink.Statistics;
        var data = new Dictionary<string, object>
        {
            ["batches_written"] = statistics.BatchesWritten,
            ["lines_written"] = statistics.LinesWritten,
            ["retries"] = statistics.Retries,
            ["rejected_lines"] = statistics.RejectedLines,
            ["queue_depth"] = statistics.QueueDepth,
            ["circuit_open"] = statistics.IsCircuitOpen,
        };
        if (statistics.LastSuccess is { } lastSuccess)
        {
            data["last_success"] = lastSuccess;
        }

        if (!statistics.IsHealthy)
        {
            return HealthCheckResult.Unhealthy("InfluxDB writes fail: " + statistics.LastError, data: data);
        }

        // Writes may not have been tried yet (an idle sink): the ping says whether the server is there at all.
        bool answers = await _sink.PingAsync(cancellationToken).ConfigureAwait(false);
        data["ping"] = answers;
        return answers
            ? HealthCheckResult.Healthy("InfluxDB answers and writes succeed", data)
            : HealthCheckResult.Unhealthy("InfluxDB does not answer its ping", data: data);
    }
}
