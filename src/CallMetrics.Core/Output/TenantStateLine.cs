namespace CallMetrics.Core.Output;

/// <summary>One <c>tenant_state</c> line: every agent of the tenant (with a team or without) at a step instant.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Agents">Its logged-in agents by state.</param>
public readonly record struct TenantStateLine(int Tenant, AgentStateCounts Agents);
