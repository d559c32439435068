using CallMetrics.Core.Sessions;

namespace CallMetrics.Core.Live;

/// <summary>One agent as it is now (names resolved).</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Agent">Agent id.</param>
/// <param name="Team">Team, or the empty string.</param>
/// <param name="Status">Logged out, busy, available or not ready.</param>
/// <param name="Since">Since when (Unix ns) the agent is in <paramref name="Status"/>.</param>
/// <param name="Activity">
/// What an agent with a call does: talk, hold or wrap, of the leg whose segment changed last (with overlapping legs,
/// the most recent change); empty otherwise.
/// </param>
/// <param name="Reason">The reason of the last chosen state (break, lunch, ...), or empty.</param>
/// <param name="ActivitySince">
/// Since when (Unix ns) the agent is in its current activity: the start of <paramref name="Activity"/>'s segment, or,
/// with no call, <paramref name="Since"/> (available, not ready or logged out).
/// </param>
public sealed record AgentView(string Tenant, string Agent, string Team, AgentStatus Status, long Since, string Activity, string Reason, long ActivitySince);
