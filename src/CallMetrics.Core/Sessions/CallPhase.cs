namespace CallMetrics.Core.Sessions;

/// <summary>Where a call is.</summary>
public enum CallPhase : byte
{
    /// <summary>In the IVR (after <c>call.arrived</c>).</summary>
    Ivr,

    /// <summary>Waiting in a queue.</summary>
    Queued,

    /// <summary>Connected to an agent.</summary>
    Connected,

    /// <summary>Neither queued nor connected: after a transfer, or after the agent logged out mid-call.</summary>
    Detached,
}
