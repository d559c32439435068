using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>One <c>queue_metrics</c> line.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Queue">Queue symbol.</param>
/// <param name="Tally">The fields.</param>
public readonly record struct QueueLine(int Tenant, int Queue, QueueTally Tally);
