using BenchmarkDotNet.Attributes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Options;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// The aggregation core over pre-decoded events (dedupe, reorder within lateness, sessionize, window;
/// the sink only counts lines), against the naive design that keeps raw events and re-aggregates each
/// window through dictionaries. One operation = one event; the engine is built fresh per invocation,
/// so the figures include building state for 10k agents (the steady state is in <see cref="ScalingBenchmark"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CoreAggregationBenchmark
{
    public const int Events = 1_000_000;

    private CallCenterWorkload _workload = null!;
    private MetricsOptions _options = null!;

    [Params("intervals", "intervals+rolling")]
    public string Windows { get; set; } = "intervals";

    [GlobalSetup]
    public void Setup()
    {
        _workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = Events });
        _options = Stages.ForWindows(Windows);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "naive re-aggregation")]
    public long NaiveReaggregation() => Stages.Naive(_workload.Events, _options);

    [Benchmark(OperationsPerInvoke = Events, Description = "MetricsEngine.Accept")]
    public long Engine() => Stages.Core(_workload.Events, _options);
}
