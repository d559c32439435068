namespace CallMetrics.Core.Output;

/// <summary>One <c>team_state</c> line: the team's agents at a step instant.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Team">Team symbol.</param>
/// <param name="Agents">Its logged-in agents by state.</param>
public readonly record struct TeamStateLine(int Tenant, int Team, AgentStateCounts Agents);
