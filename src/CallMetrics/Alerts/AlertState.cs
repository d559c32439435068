namespace CallMetrics.Alerts;

/// <summary>What an alert change says about its rule and key (METRICS.md "Alert rules").</summary>
public enum AlertState
{
    /// <summary>The condition held for the rule's <c>for</c> and the cooldown allowed it: the alert starts.</summary>
    Firing,

    /// <summary>The condition of a firing alert no longer holds: the alert ends.</summary>
    Resolved,
}
