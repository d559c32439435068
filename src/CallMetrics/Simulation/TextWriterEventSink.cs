using System.Text;

namespace CallMetrics.Simulation;

/// <summary>Writes each event's JSON and a newline to a <see cref="TextWriter"/> (for tests and redirected writers; a stream is faster).</summary>
public sealed class TextWriterEventSink : ISimulatedEventSink
{
    private readonly TextWriter _writer;
    private char[] _chars = new char[1024];

    /// <summary>Creates a sink over <paramref name="writer"/>, which it does not own.</summary>
    public TextWriterEventSink(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc/>
    public void Write(in SimulatedEvent simulatedEvent)
    {
        var json = simulatedEvent.Json;
        if (_chars.Length < json.Length)
        {
            _chars = new char[json.Length * 2];
        }

        var length = Encoding.UTF8.GetChars(json, _chars);
        _writer.Write(_chars, 0, length);
        _writer.Write('\n');
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);
}
