namespace CallMetrics.Simulation;

/// <summary>Writes each event's JSON followed by <c>\n</c> to a stream (JSON Lines). Does not own the stream.</summary>
public sealed class JsonLinesEventSink : ISimulatedEventSink
{
    private readonly Stream _stream;

    /// <summary>Creates a sink over <paramref name="stream"/>; buffer it (e.g. <see cref="BufferedStream"/>) for speed.</summary>
    public JsonLinesEventSink(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <inheritdoc/>
    public void Write(in SimulatedEvent simulatedEvent)
    {
        _stream.Write(simulatedEvent.Json);
        _stream.WriteByte((byte)'\n');
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);
}
