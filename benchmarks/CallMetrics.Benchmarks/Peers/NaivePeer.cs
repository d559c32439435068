using CallMetrics.Benchmarks.Baselines;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// The naive re-aggregation baseline (<see cref="NaiveWindowAggregator"/>: raw events kept, each interval replayed
/// from scratch through dictionaries) fed by the same decoder as CallMetrics, so the two differ only in how they
/// aggregate. Its look-back must cover the longest leg for <c>handled</c> to be exact: <see cref="Lookback"/>.
/// </summary>
internal sealed class NaivePeer : IPeer
{
    /// <summary>The replay look-back before each interval; the workload's legs (answer to wrap end) stay under it.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(1);

    public string Name => "naive";

    public string Description => $"naive re-aggregation (Baselines/NaiveWindowAggregator.cs, look-back {Lookback.TotalMinutes:F0} min) after EventDecoder, 1 thread";

    public Func<PeerRun> Prepare(PeerWorkload workload) => () => new PeerRun(Run(workload));

    public void Dispose()
    {
    }

    private static MetricsSubset Run(PeerWorkload workload)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var subset = new MetricsSubset();
        var naive = new NaiveWindowAggregator(Stages.Intervals, Lookback)
        {
            OnWindow = (start, _, agents, queues) =>
            {
                var startMs = start / 1_000_000;
                foreach (var (key, tally) in agents)
                {
                    subset.AddAgent(symbols[(int)key], startMs, tally.Handled, tally.HandleNs / 1_000_000);
                }

                foreach (var (key, tally) in queues)
                {
                    subset.AddQueue(symbols[(int)key], startMs, tally.Offered, tally.Answered, tally.Abandoned);
                }
            },
        };
        var values = workload.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (decoder.Decode(values[i], out var e).IsOk)
            {
                naive.Accept(e);
            }
        }

        naive.Complete();
        return subset;
    }
}
