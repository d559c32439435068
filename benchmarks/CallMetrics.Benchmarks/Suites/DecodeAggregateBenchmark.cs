using BenchmarkDotNet.Attributes;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// Decoding canonical JSON and aggregating on one thread, against the parse floor: decoding the same
/// bytes and doing nothing else. Tokenising alone (<c>Utf8JsonReader</c> with no field capture) shows how
/// much of the floor is the JSON reader itself. One operation = one event (~200 bytes of JSON).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecodeAggregateBenchmark
{
    public const int Events = 500_000;

    private CallCenterWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() =>
        _workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = Events });

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "decode only (parse floor)")]
    public long DecodeOnly() => Stages.DecodeOnly(_workload);

    [Benchmark(OperationsPerInvoke = Events, Description = "tokenize only")]
    public long TokenizeOnly() => Stages.TokenizeOnly(_workload);

    [Benchmark(OperationsPerInvoke = Events, Description = "decode + aggregate")]
    public long DecodeAggregate() => Stages.DecodeAggregate(_workload, Stages.Intervals);

    [Benchmark(OperationsPerInvoke = Events, Description = "replay in-process (read + decode + aggregate + format)")]
    public long ReplayInProcess() => Stages.ReplayInProcess(_workload);
}
