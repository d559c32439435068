namespace CallMetrics.Core.Tests.Support;

/// <summary>Short ways to pick one output line of a replay: <c>replayer.Agent("a1", at)</c>.</summary>
public static class ReplayerLines
{
    /// <summary>The single interval <c>agent_metrics</c> line of an agent (any team) at a timestamp.</summary>
    public static MetricLine Agent(this Replayer replayer, string agent, long at, string kind = "interval") =>
        replayer.Single("agent_metrics", "agent", agent, at, kind);

    /// <summary>The single <c>queue_metrics</c> line of a queue at a timestamp.</summary>
    public static MetricLine Queue(this Replayer replayer, string queue, long at, string kind = "interval") =>
        replayer.Single("queue_metrics", "queue", queue, at, kind);

    /// <summary>The single <c>team_metrics</c> line of a team at a timestamp.</summary>
    public static MetricLine Team(this Replayer replayer, string team, long at, string kind = "interval") =>
        replayer.Single("team_metrics", "team", team, at, kind);

    /// <summary>The single <c>tenant_metrics</c> line of a tenant at a timestamp.</summary>
    public static MetricLine Tenant(this Replayer replayer, long at, string tenant = "default", string kind = "interval") =>
        replayer.Single("tenant_metrics", "tenant", tenant, at, kind);

    /// <summary>True when a line of this measurement with this tag value exists at the timestamp.</summary>
    public static bool HasLine(this Replayer replayer, string measurement, string tag, string value, long at, string kind = "interval") =>
        replayer.Lines.Any(l => l.Measurement == measurement && l.Tag("kind") == kind && l.Tag(tag) == value && l.Timestamp == at);
}
