using System.Text;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// The events every subject of the comparison reads: the synthetic contact center, busy (<see cref="Occupancy"/>),
/// with every wrap ended by <c>wrap.ended</c> (<see cref="WorkloadOptions.EveryWrapEnded"/>, so the rules the peers
/// cannot implement do not arise), as Kafka records would carry them: each JSON line its own value array, keyed as
/// EVENTS.md asks producers to key them (<c>call_id</c> for call events, <c>agent_id</c> for agent events).
/// </summary>
public sealed class PeerWorkload
{
    private PeerWorkload(CallCenterWorkload workload, byte[][] keys, byte[][] values)
    {
        Workload = workload;
        Keys = keys;
        Values = values;
    }

    /// <summary>
    /// A busier center than the other benchmarks' (0.85): at 0.85 no caller waits past their patience, so nothing is
    /// abandoned and the subset's <c>abandoned</c> would be checked on zeros; at 0.97 about 3% of visits are.
    /// </summary>
    public const double Occupancy = 0.97;

    /// <summary>The generated workload (its options, and the events decoded once, for the description).</summary>
    public CallCenterWorkload Workload { get; }

    /// <summary>Record keys, UTF-8.</summary>
    public byte[][] Keys { get; }

    /// <summary>Record values: one JSON event each, without the newline.</summary>
    public byte[][] Values { get; }

    /// <summary>Number of events.</summary>
    public int Count => Values.Length;

    /// <summary>Generates <paramref name="events"/> events of a center of <paramref name="agents"/> agents.</summary>
    public static PeerWorkload Create(int events, int agents)
    {
        var workload = CallCenterWorkload.Create(new WorkloadOptions { Events = events, Agents = agents, EveryWrapEnded = true, Occupancy = Occupancy });
        var keys = new byte[workload.Count][];
        var values = new byte[workload.Count][];
        for (var i = 0; i < workload.Count; i++)
        {
            ref readonly var e = ref workload.Events[i];
            keys[i] = Encoding.UTF8.GetBytes(workload.Symbols[e.Call != 0 ? e.Call : e.Agent]);
            values[i] = workload.Line(i).ToArray();
        }

        return new PeerWorkload(workload, keys, values);
    }
}
