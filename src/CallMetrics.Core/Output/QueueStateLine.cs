namespace CallMetrics.Core.Output;

/// <summary>One <c>queue_state</c> line (METRICS.md "Live state and alerts"): the queue at a step instant.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Queue">Queue symbol.</param>
/// <param name="Waiting">Visits open in the queue.</param>
/// <param name="LongestWaitNs">The instant less the start of the oldest open visit; meaningful only when <paramref name="Waiting"/> is above 0.</param>
public readonly record struct QueueStateLine(int Tenant, int Queue, int Waiting, long LongestWaitNs);
