namespace CallMetrics.Core.Alerts;

/// <summary>
/// What a rule may name (METRICS.md "Fields", "Outcomes, repeat contacts, distributions, call types" and "Live state
/// and alerts"): the measurements a rule is evaluated on, their tags and their fields.
/// </summary>
public static class AlertMeasurements
{
    private static readonly string[] OutcomeFields =
        ["dispositioned", "resolved", "escalated", "sales", "complaints", "resolution_rate", "escalation_rate", "sales_conversion", "complaint_rate"];

    private static readonly string[] AgentFields =
    [
        "handled", "aht_s", "talk_s", "hold_s", "wrap_s", "busy_s", "available_s", "not_ready_s", "logged_in_s",
        "occupancy", "utilization", "transfers", "surveys", "csat", "handle_p50_s", "handle_p90_s",
        .. OutcomeFields,
    ];

    private static readonly string[] QueueFields =
    [
        "offered", "answered", "abandoned", "short_abandoned", "asa_s", "max_wait_s", "service_level", "abandon_rate",
        "handled", "aht_s", "handle_p50_s", "handle_p90_s", "wait_p50_s", "wait_p90_s", .. OutcomeFields,
    ];

    private static readonly string[] AgentStateFields = ["agents_logged_in", "agents_on_call", "agents_in_wrap", "agents_available", "agents_not_ready"];

    private static readonly Dictionary<string, (string[] Tags, HashSet<string> Fields)> Known = new(StringComparer.Ordinal)
    {
        ["queue_state"] = (["tenant", "queue"], ["waiting", "longest_wait_s"]),
        ["team_state"] = (["tenant", "team"], [.. AgentStateFields]),
        ["tenant_state"] = (["tenant"], [.. AgentStateFields]),
        ["agent_metrics"] = (["tenant", "agent", "team", "window"], [.. AgentFields]),
        ["team_metrics"] = (["tenant", "team", "window"], [.. AgentFields]),
        ["queue_metrics"] = (["tenant", "queue", "window"], [.. QueueFields]),
        ["tenant_metrics"] = (["tenant", "window"], [.. AgentFields, .. QueueFields.Where(f => f is not ("max_wait_s" or "handled" or "aht_s")), "repeat_calls"]),
    };

    /// <summary>The measurements a rule may name, in a fixed order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Known.Keys];

    /// <summary>True for <c>queue_state</c>, <c>team_state</c> and <c>tenant_state</c> (kind <c>state</c>); the others are read on their <c>kind=rolling</c> lines.</summary>
    public static bool IsState(string measurement) => measurement.EndsWith("_state", StringComparison.Ordinal);

    /// <summary>True when <paramref name="measurement"/> is one a rule may name.</summary>
    public static bool IsKnown(string measurement) => Known.ContainsKey(measurement);

    /// <summary>True when <paramref name="measurement"/> has the field <paramref name="field"/>.</summary>
    public static bool HasField(string measurement, string field) => Known.TryGetValue(measurement, out var m) && m.Fields.Contains(field);

    /// <summary>The tags of <paramref name="measurement"/> that <c>match</c> may name.</summary>
    public static IReadOnlyList<string> Tags(string measurement) => Known[measurement].Tags;
}
