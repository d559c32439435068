using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallMetrics.Hosting;

/// <summary>Ready when the pipeline runs and the Kafka consumer has partitions to read.</summary>
internal sealed class PipelineHealthCheck(PipelineState state) : IHealthCheck
{
    public const string Name = "pipeline";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.Statistics is not { } statistics || state.Source is not { } source)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the pipeline has not started"));
        }

        var data = new Dictionary<string, object>
        {
            ["records_in"] = statistics.RecordsIn,
            ["events_accepted"] = statistics.EventsAccepted,
            ["assigned_partitions"] = source.Assignment.Count,
        };
        return Task.FromResult(source.Assignment.Count > 0
            ? HealthCheckResult.Healthy("consuming", data)
            : HealthCheckResult.Unhealthy("no Kafka partitions assigned yet", data: data));
    }
}
