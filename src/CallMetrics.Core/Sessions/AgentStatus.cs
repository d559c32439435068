namespace CallMetrics.Core.Sessions;

/// <summary>The agent-level state of METRICS.md: exactly one while logged in.</summary>
public enum AgentStatus : byte
{
    /// <summary>Not logged in: accrues nothing.</summary>
    LoggedOut,

    /// <summary>In talk, hold or wrap of any leg.</summary>
    Busy,

    /// <summary>Not busy, chose available.</summary>
    Available,

    /// <summary>Not busy, chose not ready.</summary>
    NotReady,
}
