using CallMetrics.Core.Live;

namespace CallMetrics.Tests.Support;

/// <summary>
/// A fact about the time in an agent's current activity (talk, hold, wrap), which needs the core to track when
/// the activity started (<c>AgentView.ActivitySince</c>). Skipped, with that reason printed, while the core's
/// <see cref="AgentView"/> has no such property; it runs by itself once it has one, and then fails until
/// <c>Live/LiveAgents.ActivitySince</c> reads it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FactWhenCoreTracksActivityAttribute : FactAttribute
{
    public FactWhenCoreTracksActivityAttribute()
    {
        if (typeof(AgentView).GetProperty("ActivitySince") is null)
        {
            Skip = "the core's AgentView has no ActivitySince yet: the activity start is dated from the busy state's start (Live/LiveAgents.ActivitySince)";
        }
    }
}
