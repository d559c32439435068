using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallMetrics.Inputs;

/// <summary>Writes one canonical event (EVENTS.md) as compact UTF-8 JSON, envelope fields first.</summary>
internal sealed class CanonicalEventWriter
{
    private static readonly JsonWriterOptions s_options = new()
    {
        // Caller ids such as +3120555 stay readable; the output is JSON Lines, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _json;
    private readonly string _tenant;

    public CanonicalEventWriter(string tenant)
    {
        _tenant = tenant;
        _json = new Utf8JsonWriter(_buffer, s_options);
    }

    /// <summary>RFC 3339 UTC with milliseconds, the form used throughout the spec.</summary>
    public static string FormatTimestamp(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public CanonicalEventWriter Begin(string eventId, string type, DateTimeOffset ts)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("event_id", eventId);
        _json.WriteString("type", type);
        _json.WriteString("ts", FormatTimestamp(ts));
        _json.WriteString("tenant", _tenant);
        return this;
    }

    /// <summary>Writes a string field; null or empty values are left out (EVENTS.md: they count as absent).</summary>
    public CanonicalEventWriter Field(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _json.WriteString(name, value);
        }

        return this;
    }

    public byte[] End()
    {
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
