using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>
/// The subset as a Kafka Streams topology, the way Streamiz's documentation builds aggregations: the events grouped
/// by call (a repartition topic keyed by <c>call_id</c>, since EVENTS.md lets producers key agent events otherwise),
/// each call's events aggregated into a table whose values carry what the latest event completed, that table's
/// updates flat-mapped into counts keyed by agent or queue, and each of those grouped (a repartition topic each) and
/// aggregated in 15-minute tumbling windows into in-memory window stores, which are read at the end.
/// </summary>
internal static class PeerTopology
{
    public const string ApplicationId = "callmetrics-peers";

    public const string InputTopic = "call-events";

    public const string CallStore = "calls";

    public const string AgentStore = "agent-intervals";

    public const string QueueStore = "queue-intervals";

    /// <summary>METRICS.md's interval; Kafka Streams' tumbling windows are aligned to the epoch and half-open, as METRICS.md's are.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>Window stores keep a day: longer than any workload's event time, so every window is still there at the end.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public static Topology Build(TopologyProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var builder = new StreamBuilder();
        var completed = builder
            .Stream(InputTopic, new StringSerDes(), new PeerEventJsonSerDes(), new EventTimeExtractor())
            .Filter((_, e, _) => e.CallId is not null, "call-events")
            .GroupBy<string, StringSerDes, PeerEventBinarySerDes>((_, e, _) => e.CallId!, "by-call")
            .Aggregate(
                () => new CallAggregate(),
                (_, e, call) =>
                {
                    call.Apply(e);
                    progress.OnFolded(call.Completed.Count);
                    return call;
                },
                InMemory.As<string, CallAggregate>(CallStore).WithKeySerdes(new StringSerDes()).WithValueSerdes(new CallAggregateSerDes()))
            .ToStream()
            .FlatMap((_, call, _) => call.Completed.Select(o => KeyValuePair.Create(o.Key, o)), "completed");

        completed
            .Filter((_, o, _) => o.Kind == OutcomeKind.Handled, "handled")
            .Repartition(Repartitioned<string, Outcome>.As("by-agent").WithKeySerdes(new StringSerDes()).WithValueSerdes(new OutcomeSerDes()))
            .Peek((_, _, _) => progress.OnWindowed(), "agent-progress")
            .GroupByKey<StringSerDes, OutcomeSerDes>()
            .WindowedBy(TumblingWindowOptions.Of(Interval))
            .Aggregate(
                () => default(AgentCounts),
                (_, o, counts) => new AgentCounts(counts.Handled + 1, counts.HandleMs + o.HandleMs),
                InMemoryWindows.As<string, AgentCounts>(AgentStore, Interval)
                    .WithKeySerdes(new StringSerDes()).WithValueSerdes(new AgentCountsSerDes()).WithRetention(Retention));

        completed
            .Filter((_, o, _) => o.Kind != OutcomeKind.Handled, "queue-visits")
            .Repartition(Repartitioned<string, Outcome>.As("by-queue").WithKeySerdes(new StringSerDes()).WithValueSerdes(new OutcomeSerDes()))
            .Peek((_, _, _) => progress.OnWindowed(), "queue-progress")
            .GroupByKey<StringSerDes, OutcomeSerDes>()
            .WindowedBy(TumblingWindowOptions.Of(Interval))
            .Aggregate(
                () => default(QueueCounts),
                (_, o, counts) => o.Kind switch
                {
                    OutcomeKind.Offered => counts with { Offered = counts.Offered + 1 },
                    OutcomeKind.Answered => counts with { Answered = counts.Answered + 1 },
                    _ => counts with { Abandoned = counts.Abandoned + 1 },
                },
                InMemoryWindows.As<string, QueueCounts>(QueueStore, Interval)
                    .WithKeySerdes(new StringSerDes()).WithValueSerdes(new QueueCountsSerDes()).WithRetention(Retention));

        return builder.Build();
    }

    /// <summary>The subset read off the two window stores.</summary>
    public static MetricsSubset Read(IReadOnlyWindowStore<string, AgentCounts> agents, IReadOnlyWindowStore<string, QueueCounts> queues)
    {
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(queues);
        var subset = new MetricsSubset();
        using (var all = agents.All())
        {
            while (all.MoveNext())
            {
                var (key, counts) = (all.Current!.Value.Key, all.Current.Value.Value);
                subset.AddAgent(key.Key, key.Window.StartMs, counts.Handled, counts.HandleMs);
            }
        }

        using (var all = queues.All())
        {
            while (all.MoveNext())
            {
                var (key, counts) = (all.Current!.Value.Key, all.Current.Value.Value);
                subset.AddQueue(key.Key, key.Window.StartMs, counts.Offered, counts.Answered, counts.Abandoned);
            }
        }

        return subset;
    }
}
