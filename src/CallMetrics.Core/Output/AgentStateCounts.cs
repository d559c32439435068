namespace CallMetrics.Core.Output;

/// <summary>
/// Logged-in agents by what they do at a step instant (METRICS.md "Live state and alerts"): exactly one of on a
/// call (a leg in talk or hold), in wrap (busy, no leg in talk or hold), available or not ready (not busy, by
/// chosen state). The four add up to <see cref="LoggedIn"/>.
/// </summary>
/// <param name="OnCall">Logged in with a leg in talk or hold.</param>
/// <param name="InWrap">Logged in, busy, no leg in talk or hold.</param>
/// <param name="Available">Logged in, not busy, chose available.</param>
/// <param name="NotReady">Logged in, not busy, chose not ready.</param>
public readonly record struct AgentStateCounts(int OnCall, int InWrap, int Available, int NotReady)
{
    /// <summary>Logged-in agents: the sum of the four.</summary>
    public int LoggedIn => OnCall + InWrap + Available + NotReady;
}
