using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>One <c>tenant_metrics</c> line: all agent lines and all queue lines of the tenant, summed.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Agents">The summed agent fields.</param>
/// <param name="Queues">The summed queue fields.</param>
public readonly record struct TenantLine(int Tenant, AgentTally Agents, QueueTally Queues)
{
    /// <summary>The tenant's own counts (<c>repeat_calls</c>).</summary>
    public TenantTally Counts { get; init; }
}
