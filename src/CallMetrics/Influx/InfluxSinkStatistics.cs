namespace CallMetrics.Influx;

/// <summary>A snapshot of the sink's counters, for <c>/metrics</c> and <c>/readyz</c>.</summary>
/// <param name="BatchesWritten">Batches whose <see cref="SinkBatch.OnDurable"/> point was reached.</param>
/// <param name="LinesWritten">Lines the server accepted.</param>
/// <param name="Retries">HTTP attempts retried (server down, overloaded, timing out, or refusing the settings).</param>
/// <param name="RejectedLines">Lines the server refused as invalid and that went to the dead-letter callback.</param>
/// <param name="QueueDepth">Batches waiting in the queue (not counting those being written).</param>
/// <param name="LastError">The latest failure, secrets removed; null before any failure.</param>
/// <param name="LastSuccess">When the server last answered a write; null before the first answer.</param>
/// <param name="IsHealthy">True while the loop runs and the latest attempt did not fail.</param>
/// <param name="IsCircuitOpen">True while the circuit breaker is open.</param>
public readonly record struct InfluxSinkStatistics(
    long BatchesWritten,
    long LinesWritten,
    long Retries,
    long RejectedLines,
    int QueueDepth,
    string? LastError,
    DateTimeOffset? LastSuccess,
    bool IsHealthy,
    bool IsCircuitOpen);
