using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>One <c>team_metrics</c> line: the sum of the team's agent lines.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Team">Team symbol.</param>
/// <param name="Tally">The summed agent fields.</param>
public readonly record struct TeamLine(int Tenant, int Team, AgentTally Tally);
