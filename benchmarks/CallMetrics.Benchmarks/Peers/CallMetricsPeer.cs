using CallMetrics.Benchmarks.Suites;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Processing;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// CallMetrics as a replay or a partition's shard runs it: every record's bytes decoded by <see cref="EventDecoder"/>
/// into the engine (dedupe, lateness, sessions, 15-minute intervals, every field of METRICS.md), one thread; the
/// subset is read off the final interval lines.
/// </summary>
internal sealed class CallMetricsPeer : IPeer
{
    public string Name => "callmetrics";

    public string Description => "CallMetrics: EventDecoder + MetricsEngine (all fields, dedupe, lateness), 1 thread";

    public Func<PeerRun> Prepare(PeerWorkload workload) => () => new PeerRun(Run(workload));

    public void Dispose()
    {
    }

    private static MetricsSubset Run(PeerWorkload workload)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var sink = new SubsetSink(symbols);
        var engine = new MetricsEngine(Stages.Intervals, sink);
        var values = workload.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (decoder.Decode(values[i], out var e).IsOk)
            {
                engine.Accept(e);
            }
        }

        engine.Complete();
        return sink.Subset;
    }
}
