namespace CallMetrics.Benchmarks.Peers.AkkaStreams;

/// <summary>What one event did to its call: the counts it completed, and whether the call is finished (its substream then closes).</summary>
internal sealed record CallStep(List<Outcome> Completed, bool Finished);
