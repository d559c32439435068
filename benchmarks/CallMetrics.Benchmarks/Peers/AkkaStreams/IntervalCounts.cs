using System.Runtime.InteropServices;

namespace CallMetrics.Benchmarks.Peers.AkkaStreams;

/// <summary>One key's counts in one interval, as the per-key window stage emits them.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct IntervalCounts(bool IsAgent, string Key, long IntervalStartMs, AgentCounts Agent, QueueCounts Queue)
{
    public void AddTo(MetricsSubset subset)
    {
        if (IsAgent)
        {
            subset.AddAgent(Key, IntervalStartMs, Agent.Handled, Agent.HandleMs);
        }
        else
        {
            subset.AddQueue(Key, IntervalStartMs, Queue.Offered, Queue.Answered, Queue.Abandoned);
        }
    }
}
