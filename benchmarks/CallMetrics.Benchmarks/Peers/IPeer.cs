namespace CallMetrics.Benchmarks.Peers;

/// <summary>One subject of the comparison: computes the <see cref="MetricsSubset"/> of the workload's events.</summary>
internal interface IPeer : IDisposable
{
    /// <summary>Short name, used as the JSON key.</summary>
    string Name { get; }

    /// <summary>What it is and how it runs, one line.</summary>
    string Description { get; }

    /// <summary>Untimed preparation of one run (a fresh engine, stream or application); returns the timed run.</summary>
    Func<PeerRun> Prepare(PeerWorkload workload);
}
