using BenchmarkDotNet.Attributes;
using CallMetrics.Benchmarks.Quick;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Kafka;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// The in-process graph (the workload's JSON as Kafka record batches over 4 partitions → decode stage → engine
/// shard → line protocol into a counting sink; the decode stage and the shard on their own tasks, so both cores)
/// against the same bytes decoded, and decoded and aggregated, on one thread. The target is graph ≥ 2.5M events/s
/// and ≥ 0.75 × 2 × decode+aggregate, i.e. a graph ratio (to the parse floor) at most 2/3 of decode+aggregate's.
/// One operation = one event. Allocations of the graph are the benchmark thread's only (the graph allocates on
/// its tasks), so its Allocated column undercounts.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GraphBenchmark
{
    public const int Events = 500_000;

    private CallCenterWorkload _workload = null!;
    private List<List<KafkaRecord>> _batches = [];

    [GlobalSetup]
    public void Setup()
    {
        _workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = Events });
        _batches = GraphStage.Batches(_workload);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "decode only (parse floor), one thread")]
    public long DecodeOnly() => Stages.DecodeOnly(_workload);

    [Benchmark(OperationsPerInvoke = Events, Description = "decode + aggregate, one thread")]
    public long DecodeAggregate() => Stages.DecodeAggregate(_workload, Stages.Intervals);

    [Benchmark(OperationsPerInvoke = Events, Description = "graph, both cores")]
    public long Graph() => GraphStage.RunOnce(_batches);
}
