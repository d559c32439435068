using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>One <c>agent_metrics</c> line: an agent's tally in a window, tagged with the team it accrued under.</summary>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Agent">Agent symbol.</param>
/// <param name="Team">Team symbol, 0 when unknown.</param>
/// <param name="Tally">The fields.</param>
public readonly record struct AgentLine(int Tenant, int Agent, int Team, AgentTally Tally);
