using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallMetrics.Hosting;

/// <summary>
/// Ready when the graph runs, the Kafka consumer has partitions to read, and the graph makes progress while input
/// waits: records read from Kafka but not taken by the graph for <see cref="HealthOptions.StallAfter"/> mean it is stuck
/// (or its sink is down) and the instance is not ready.
/// </summary>
internal sealed class PipelineHealthCheck(PipelineState state, TimeProvider time, IOptions<HealthOptions> options) : IHealthCheck
{
    public const string Name = "pipeline";

    private readonly TimeSpan _stallAfter = options.Value.StallAfter;

    private readonly Lock _gate = new();
    private long _lastRecordsIn = -1;
    private long _lastProgress;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.Failure is { } failure)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the pipeline failed: " + failure.Message));
        }

        if (state.Statistics is not { } statistics || state.Source is not { } source)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the pipeline has not started"));
        }

        var recordsIn = statistics.RecordsIn;
        var data = new Dictionary<string, object>
        {
            ["records_in"] = recordsIn,
            ["events_accepted"] = statistics.EventsAccepted,
            ["assigned_partitions"] = source.Assignment.Count,
        };
        if (Stalled(recordsIn, source.ConsumedCount))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"no progress for {_stallAfter.TotalSeconds:F0} s while records wait", data: data));
        }

        return Task.FromResult(source.Assignment.Count > 0
            ? HealthCheckResult.Healthy("consuming", data)
            : HealthCheckResult.Unhealthy("no Kafka partitions assigned yet", data: data));
    }

    private bool Stalled(long recordsIn, long consumed)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (recordsIn != _lastRecordsIn || consumed <= recordsIn)
            {
                _lastRecordsIn = recordsIn;
                _lastProgress = now;
                return false;
            }

            return time.GetElapsedTime(_lastProgress) >= _stallAfter;
        }
    }
}
