using BenchmarkDotNet.Attributes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Events;
using CallMetrics.Core.Processing;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// Steady-state core throughput against the number of agents and the events per call: every iteration
/// warms a fresh engine with the first half of the input (agents log in, calls open; untimed) and times
/// the second half. One operation = one event of the second half. Baseline: the naive re-aggregation
/// over the whole input.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(1)]
public class ScalingBenchmark
{
    public const int Events = 1_000_000;
    public const int Timed = Events / 2;

    private CanonicalEvent[] _events = [];
    private (MetricsEngine Engine, CountingSink Sink, int From) _warm;

    [Params(1_000, 10_000, 100_000)]
    public int Agents { get; set; }

    [Params(8, 20)]
    public int EventsPerCall { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _events = CallCenterWorkload.Create(new WorkloadOptions { Agents = Agents, EventsPerCall = EventsPerCall, Events = Events }).Events;

    [IterationSetup(Target = nameof(EngineSteady))]
    public void Warm() => _warm = Stages.WarmEngine(_events, Stages.Intervals, Events - Timed);

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "naive re-aggregation")]
    public long NaiveReaggregation() => Stages.Naive(_events, Stages.Intervals);

    [Benchmark(OperationsPerInvoke = Timed, Description = "engine, steady state")]
    public long EngineSteady() => Stages.CoreRest(_events, _warm);
}
