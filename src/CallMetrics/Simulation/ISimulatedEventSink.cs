namespace CallMetrics.Simulation;

/// <summary>Where <see cref="SimulationRunner"/> sends events: a JSON Lines file, standard output, Kafka, ...</summary>
public interface ISimulatedEventSink
{
    /// <summary>Accepts one event. May block to apply back-pressure; must not drop it.</summary>
    void Write(in SimulatedEvent simulatedEvent);

    /// <summary>Makes everything written so far visible downstream (called before waiting and at the end).</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
