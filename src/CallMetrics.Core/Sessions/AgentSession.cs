using CallMetrics.Core.Events;

namespace CallMetrics.Core.Sessions;

/// <summary>One agent of one tenant: login, chosen state, team, and open legs.</summary>
internal sealed class AgentSession : KeyedSession
{
    /// <summary>Agent symbol.</summary>
    public int Agent;

    /// <summary>Last known team symbol (0 = none).</summary>
    public int Team;

    /// <summary>The (agent, team) series that time and counts accrue to now.</summary>
    public int Series;

    /// <summary>Logged in.</summary>
    public bool LoggedIn;

    /// <summary>The state the agent last chose.</summary>
    public AgentChosenState Chosen;

    /// <summary>Current agent-level status.</summary>
    public AgentStatus Status;

    /// <summary>Start of the current status, or of its part not yet accrued.</summary>
    public long StatusSince;

    /// <summary>When the current status began (not moved by window flushes).</summary>
    public long StatusStarted;

    /// <summary>
    /// Time and counts accrued in the current granule and not yet added to the series' tally (which
    /// lives in an array of 80-byte tallies, a cache miss per access at 100k agents): added at every
    /// flush of the agent, and when it stops being open. Only while the agent is open is it non-zero.
    /// </summary>
    public Windows.AgentTally Pending;

    /// <summary>A leg kept for this agent's calls (free while its <see cref="Leg.Agent"/> is null), allocated with the agent so it lies next to it.</summary>
    public Leg? OwnLeg;

    /// <summary>Legs in talk, hold or wrap.</summary>
    public LegList Legs;

    /// <summary>Position in the engine's list of open agents; -1 when not open.</summary>
    public int OpenIndex = -1;

    /// <summary>Reason symbol of the last chosen state.</summary>
    public int Reason;

    /// <summary>Event time of the last event for this agent.</summary>
    public long LastSeen;

    /// <summary>The activity the agent is counted in by <see cref="AgentStateCounters"/>.</summary>
    public AgentActivity Activity;

    /// <summary>The team cell the agent is counted in (or was last); null for none.</summary>
    public StateCell? TeamCell;

    /// <summary>The tenant's cell, once the agent has been counted.</summary>
    public StateCell? TenantCell;

    /// <summary>The status the agent should be in now.</summary>
    public AgentStatus ComputeStatus() =>
        !LoggedIn ? AgentStatus.LoggedOut
        : Legs.Count > 0 ? AgentStatus.Busy
        : Chosen == AgentChosenState.Available ? AgentStatus.Available
        : AgentStatus.NotReady;

    /// <summary>True while something accrues time: logged in, or a leg is open.</summary>
    public bool IsOpen => LoggedIn || Legs.Count > 0;
}
