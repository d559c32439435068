using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace CallMetrics.Simulation;

/// <summary>
/// Writes canonical events (EVENTS.md) with one reused <see cref="Utf8JsonWriter"/>: the caller opens an
/// event with <see cref="Begin"/>, adds its extra fields on the returned writer, and closes it with
/// <see cref="End"/>, which returns the event with its own copy of the bytes.
/// Event ids are the prefix followed by a running number (<c>sim-7-1</c>, <c>sim-7-2</c>, ...).
/// </summary>
internal sealed class CanonicalEventWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer;
    private readonly RfcTimestamp _timestamp = new();
    private readonly byte[] _eventIdPrefix;
    private long _sequence;
    private long _openTimestampMs;

    public CanonicalEventWriter(string eventIdPrefix)
    {
        ArgumentNullException.ThrowIfNull(eventIdPrefix);
        _eventIdPrefix = System.Text.Encoding.UTF8.GetBytes(eventIdPrefix);
        // SkipValidation: the shape is fixed by this class; validation costs time on every event.
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The number of events written so far.</summary>
    public long Count => _sequence;

    /// <summary>Opens an event: writes <c>event_id</c>, <c>type</c>, <c>ts</c> and <c>tenant</c> (omitted for <c>default</c>).</summary>
    public Utf8JsonWriter Begin(JsonEncodedText type, long unixMilliseconds, string tenant)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();

        _sequence++;
        Span<byte> id = stackalloc byte[_eventIdPrefix.Length + 20];
        _eventIdPrefix.CopyTo(id);
        Utf8Formatter.TryFormat(_sequence, id[_eventIdPrefix.Length..], out var digits);
        _writer.WriteString(CanonicalNames.EventId, id[..(_eventIdPrefix.Length + digits)]);

        _writer.WriteString(CanonicalNames.Type, type);

        Span<byte> ts = stackalloc byte[RfcTimestamp.Length];
        _timestamp.Format(unixMilliseconds, ts);
        _writer.WriteString(CanonicalNames.Ts, ts);
        _openTimestampMs = unixMilliseconds;

        if (!string.Equals(tenant, CanonicalNames.DefaultTenant, StringComparison.Ordinal))
        {
            _writer.WriteString(CanonicalNames.Tenant, tenant);
        }

        return _writer;
    }

    /// <summary>Closes the event opened by <see cref="Begin"/> and returns it.</summary>
    public SimulatedEvent End(string key)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return new SimulatedEvent(_openTimestampMs * 1_000_000, key, _buffer.WrittenSpan.ToArray());
    }
}
