namespace CallMetrics.Core.Sessions;

/// <summary>What a logged-in agent does at an instant, for the state series (METRICS.md "Live state and alerts").</summary>
internal enum AgentActivity : byte
{
    /// <summary>Not logged in: counted nowhere.</summary>
    None,

    /// <summary>A leg in talk or hold.</summary>
    OnCall,

    /// <summary>Busy with no leg in talk or hold.</summary>
    InWrap,

    /// <summary>Not busy, chose available.</summary>
    Available,

    /// <summary>Not busy, chose not ready.</summary>
    NotReady,
}
