using CallMetrics.Influx;

namespace CallMetrics.Streaming.Stages;

/// <summary>The batching sink as the graph sees it: accepts batches (waiting when full) and reports durability.</summary>
internal interface ISinkWriter
{
    /// <summary>Queues a batch; waits while the sink is full (back-pressure).</summary>
    ValueTask WriteAsync(SinkBatch batch, CancellationToken cancellationToken);

    /// <summary>Completes once everything queued before the call is durable.</summary>
    Task WhenDurableAsync(CancellationToken cancellationToken);
}
