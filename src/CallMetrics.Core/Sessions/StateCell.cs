using CallMetrics.Core.Output;

namespace CallMetrics.Core.Sessions;

/// <summary>The logged-in agents of one team or tenant by activity, and the event time of its last event.</summary>
internal sealed class StateCell(int tenant, int team)
{
    /// <summary>Tenant symbol.</summary>
    public int Tenant { get; } = tenant;

    /// <summary>Team symbol; 0 for a tenant's cell.</summary>
    public int Team { get; } = team;

    /// <summary>Agents by <see cref="AgentActivity"/> (index 0, not logged in, unused).</summary>
    public int[] Counts { get; } = new int[5];

    /// <summary>Event time of the last event of this team or tenant; <see cref="long.MinValue"/> for none.</summary>
    public long LastEvent { get; set; } = long.MinValue;

    /// <summary>The counts as a line's fields.</summary>
    public AgentStateCounts Snapshot() => new(
        Counts[(int)AgentActivity.OnCall], Counts[(int)AgentActivity.InWrap], Counts[(int)AgentActivity.Available], Counts[(int)AgentActivity.NotReady]);

    /// <summary>True when some agent is counted.</summary>
    public bool AnyLoggedIn => Counts[1] + Counts[2] + Counts[3] + Counts[4] > 0;
}
