namespace CallMetrics.Core.Alerts;

/// <summary>What an alert transition is.</summary>
public enum AlertState : byte
{
    /// <summary>The rule fired for the key.</summary>
    Firing,

    /// <summary>The condition stopped holding for a firing key.</summary>
    Resolved,
}
