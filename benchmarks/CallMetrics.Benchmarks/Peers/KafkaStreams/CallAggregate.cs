namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>
/// The value of the per-call table: the call's state and what its latest event completed. Kafka Streams emits the
/// table's new value after each update, so carrying the latest completions in it is how the topology turns an
/// aggregate back into a stream of counts.
/// </summary>
internal sealed class CallAggregate(CallFold call, List<Outcome> completed)
{
    public CallAggregate()
        : this(new CallFold(), [])
    {
    }

    public CallFold Call { get; } = call;

    /// <summary>What the latest event completed.</summary>
    public List<Outcome> Completed { get; } = completed;

    /// <summary>The aggregator: applies the call's next event.</summary>
    public CallAggregate Apply(PeerEvent e)
    {
        Completed.Clear();
        Call.Apply(e, Completed);
        return this;
    }
}
