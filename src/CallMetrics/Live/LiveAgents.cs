using CallMetrics.Core.Decoding;
using CallMetrics.Core.Live;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Live;

/// <summary>One agent of the core's live state as an entry of the live API (names, states and times as JSON wants them).</summary>
internal static class LiveAgents
{
    /// <summary>The agent as of event time <paramref name="now"/> (Unix ns).</summary>
    public static LiveAgent Of(AgentView a, long now, int handledToday, AgentFigures? rolling)
    {
        var activitySince = ActivitySince(a);
        return new LiveAgent(
            a.Tenant,
            a.Agent,
            a.Team,
            StateName(a.Status),
            a.Activity,
            a.Reason,
            Rfc3339.Format(a.Since),
            Math.Max(0, TimeMath.Seconds(now - a.Since)),
            Rfc3339.Format(activitySince),
            Math.Max(0, TimeMath.Seconds(now - activitySince)),
            handledToday,
            rolling);
    }

    /// <summary>
    /// When the agent's current activity (talk, hold, wrap; for an agent who is not busy, the state itself) started,
    /// as the core's live projection tracks it.
    /// </summary>
    internal static long ActivitySince(AgentView a) => a.ActivitySince;

    private static string StateName(AgentStatus status) => status switch
    {
        AgentStatus.Busy => "busy",
        AgentStatus.Available => "available",
        AgentStatus.NotReady => "not_ready",
        _ => "logged_out",
    };
}
