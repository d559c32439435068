using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallMetrics.Hosting;

/// <summary>
/// Ready when the graph runs, the Kafka consumer has partitions to read, and the graph makes progress while input
/// waits: records read from Kafka but not taken by the graph for <see cref="StallAfter"/> mean it is stuck (or its sink
/// is down) and the instance is not ready.
/// </summary>
internal sealed class PipelineHealthCheck(PipelineState state, TimeProvider time) : IHealthCheck
{
    public const string Name = "pipeline";

    /// <summary>How long records may wait untaken before the graph counts as stalled.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(60);

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
            return Task.FromResult(HealthCheckResult.Unhealthy($"no progress for {StallAfter.TotalSeconds:F0} s while records wait", data: data));
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

            return time.GetElapsedTime(_lastProgress) >= StallAfter;
        }
    }
}
