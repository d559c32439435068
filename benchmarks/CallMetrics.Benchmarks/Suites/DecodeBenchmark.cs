using BenchmarkDotNet.Attributes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// Decoding alone, the hot path of the decode stage: canonical JSON into <c>CanonicalEvent</c>s with names interned.
/// Baseline: a fresh symbol table, as at the start of a replay (every call id is new once, so those
/// allocate their one string). Against it: a table that knows every name (the steady state for agents, queues,
/// teams; 0 B/event), the same on two threads sharing that table (the parallel decode stage's shape, timed per
/// event: both cores), and the strict path alone (what a message with escapes or a syntax error costs).
/// One operation = one event (~200 bytes of JSON).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecodeBenchmark
{
    public const int Events = 500_000;

    private CallCenterWorkload _workload = null!;
    private SymbolTable _known = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = Events });
        _known = new SymbolTable();
        Decode(new EventDecoder(_known), 0, Events);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "decode, fresh table")]
    public long FreshTable() => Decode(new EventDecoder(new SymbolTable()), 0, Events);

    [Benchmark(OperationsPerInvoke = Events, Description = "decode, names known")]
    public long KnownNames() => Decode(new EventDecoder(_known), 0, Events);

    [Benchmark(OperationsPerInvoke = Events, Description = "decode, names known, 2 threads, 1 table")]
    public long TwoThreads()
    {
        var half = Events / 2;
        var other = Task.Run(() => Decode(new EventDecoder(_known), half, Events));
        return Decode(new EventDecoder(_known), 0, half) + other.GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "strict path only (capture, no interning)")]
    public long StrictPath()
    {
        var strict = new StrictReader();
        long check = 0;
        for (var i = 0; i < Events; i++)
        {
            var fields = default(EventFields);
            if (strict.Read(_workload.Line(i), ref fields).IsOk)
            {
                check += fields.EventId.Length;
            }
        }

        return check;
    }

    private long Decode(EventDecoder decoder, int from, int to)
    {
        long check = 0;
        for (var i = from; i < to; i++)
        {
            if (decoder.Decode(_workload.Line(i), out var e).IsOk)
            {
                check += e.Agent + (int)e.Type;
            }
        }

        return check;
    }
}
