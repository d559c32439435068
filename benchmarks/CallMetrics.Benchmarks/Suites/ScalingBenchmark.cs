using BenchmarkDotNet.Attributes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Events;
using CallMetrics.Core.Processing;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// Steady-state core throughput against the number of agents and the events per call: every iteration
/// warms a fresh engine with <see cref="Stages.SteadyWarmEvents"/> events (agents log in and go through a
/// few calls each; untimed) and times the next <see cref="Timed"/> (no end of input; the largest
/// <see cref="Stages.SteadyTimedEvents"/> of the sizes, one constant for OperationsPerInvoke). One operation = one
/// timed event. Baseline: the naive re-aggregation over the first 1M events.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(1)]
public class ScalingBenchmark
{
    public const int NaiveEvents = 1_000_000;

    /// <summary>Timed events: at least 15 minutes of event time at every size.</summary>
    public const int Timed = 2_500_000;

    private CanonicalEvent[] _events = [];
    private CanonicalEvent[] _naiveEvents = [];
    private (MetricsEngine Engine, CountingSink Sink, int From) _warm;

    [Params(1_000, 10_000, 100_000)]
    public int Agents { get; set; }

    [Params(8, 20)]
    public int EventsPerCall { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var warm = Stages.SteadyWarmEvents(Agents);
        _events = CallCenterWorkload.Create(new WorkloadOptions { Agents = Agents, EventsPerCall = EventsPerCall, Events = warm + Timed }).Events;
        _naiveEvents = _events[..Math.Min(NaiveEvents, _events.Length)];
    }

    [IterationSetup(Target = nameof(EngineSteady))]
    public void Warm() => _warm = Stages.WarmEngine(_events, Stages.Intervals, Stages.SteadyWarmEvents(Agents));

    [Benchmark(Baseline = true, OperationsPerInvoke = NaiveEvents, Description = "naive re-aggregation")]
    public long NaiveReaggregation() => Stages.Naive(_naiveEvents, Stages.Intervals);

    [Benchmark(OperationsPerInvoke = Timed, Description = "engine, steady state")]
    public long EngineSteady() => Stages.StreamRest(_events, _warm, _events.Length);
}
