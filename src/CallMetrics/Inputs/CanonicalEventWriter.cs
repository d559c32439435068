using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallMetrics.Core.Decoding;

namespace CallMetrics.Inputs;

/// <summary>
/// Writes canonical events (EVENTS.md) as compact UTF-8 JSON with one reused <see cref="Utf8JsonWriter"/>, envelope
/// fields first: <see cref="Begin(string, JsonEncodedText, long, string?)"/> opens an event, the <c>Field</c> methods
/// add its extra fields, <see cref="End"/> returns its own copy of the bytes. Every translator, the Anonymous Bank
/// import and the simulator write through this class, so they write the same JSON for the same event.
/// </summary>
/// <remarks>
/// Event ids are either given (translators derive them from the record) or numbered: the prefix passed to the
/// constructor followed by a running number (<c>sim-7-1</c>, <c>sim-7-2</c>, ...). <c>ts</c> is RFC 3339 UTC with
/// milliseconds, written by <see cref="Rfc3339.TryFormatMilliseconds"/>.
/// </remarks>
internal sealed class CanonicalEventWriter
{
    private static readonly JsonWriterOptions s_options = new()
    {
        // Caller ids such as +3120555 stay readable; the output is JSON Lines, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // The shape is fixed by this class; validation would cost time on every event.
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _idPrefix;
    private long _sequence;

    /// <summary>Creates a writer; <paramref name="numberedIdPrefix"/> is the prefix of numbered event ids, if any.</summary>
    public CanonicalEventWriter(string? numberedIdPrefix = null)
    {
        _idPrefix = System.Text.Encoding.UTF8.GetBytes(numberedIdPrefix ?? string.Empty);
        _json = new Utf8JsonWriter(_buffer, s_options);
    }

    /// <summary>How many events were opened with a numbered id so far.</summary>
    public long Count => _sequence;

    /// <summary>RFC 3339 UTC with milliseconds, as <c>ts</c> is written (for messages; not the hot path).</summary>
    public static string FormatTimestamp(long unixMilliseconds)
    {
        Span<byte> text = stackalloc byte[Rfc3339.MillisecondsLength];
        return Rfc3339.TryFormatMilliseconds(unixMilliseconds, text)
            ? System.Text.Encoding.ASCII.GetString(text)
            : unixMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms";
    }

    /// <inheritdoc cref="FormatTimestamp(long)"/>
    public static string FormatTimestamp(DateTimeOffset ts) => FormatTimestamp(ts.ToUnixTimeMilliseconds());

    /// <summary>
    /// Opens an event with the given id: writes <c>event_id</c>, <c>type</c>, <c>ts</c> and, unless
    /// <paramref name="tenant"/> is null, <c>tenant</c>.
    /// </summary>
    public CanonicalEventWriter Begin(string eventId, JsonEncodedText type, long unixMilliseconds, string? tenant)
    {
        Open();
        _json.WriteString(CanonicalNames.EventId, eventId);
        return Envelope(type, unixMilliseconds, tenant);
    }

    /// <inheritdoc cref="Begin(string, JsonEncodedText, long, string?)"/>
    public CanonicalEventWriter Begin(string eventId, JsonEncodedText type, DateTimeOffset ts, string? tenant) =>
        Begin(eventId, type, ts.ToUnixTimeMilliseconds(), tenant);

    /// <summary>Opens an event with the next numbered id; otherwise as <see cref="Begin(string, JsonEncodedText, long, string?)"/>.</summary>
    public CanonicalEventWriter Begin(JsonEncodedText type, long unixMilliseconds, string? tenant)
    {
        Open();
        _sequence++;
        Span<byte> id = stackalloc byte[_idPrefix.Length + 20];
        _idPrefix.CopyTo(id);
        Utf8Formatter.TryFormat(_sequence, id[_idPrefix.Length..], out var digits);
        _json.WriteString(CanonicalNames.EventId, id[..(_idPrefix.Length + digits)]);
        return Envelope(type, unixMilliseconds, tenant);
    }

    /// <summary>Writes a string field; null or empty values are left out (EVENTS.md: they count as absent).</summary>
    public CanonicalEventWriter Field(JsonEncodedText name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _json.WriteString(name, value);
        }

        return this;
    }

    /// <summary>Writes a string field whose value is encoded once (for example <c>available</c>).</summary>
    public CanonicalEventWriter Field(JsonEncodedText name, JsonEncodedText value)
    {
        _json.WriteString(name, value);
        return this;
    }

    /// <summary>Writes a string field from UTF-8 bytes; an empty value is left out.</summary>
    public CanonicalEventWriter Field(JsonEncodedText name, ReadOnlySpan<byte> utf8Value)
    {
        if (!utf8Value.IsEmpty)
        {
            _json.WriteString(name, utf8Value);
        }

        return this;
    }

    /// <summary>Writes a number field (for example <c>score</c>).</summary>
    public CanonicalEventWriter Field(JsonEncodedText name, int value)
    {
        _json.WriteNumber(name, value);
        return this;
    }

    /// <summary>Closes the event and returns its JSON (one object, no newline), a copy the caller owns.</summary>
    public byte[] End()
    {
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private void Open()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
    }

    private CanonicalEventWriter Envelope(JsonEncodedText type, long unixMilliseconds, string? tenant)
    {
        _json.WriteString(CanonicalNames.Type, type);
        Span<byte> ts = stackalloc byte[Rfc3339.MillisecondsLength];
        if (!Rfc3339.TryFormatMilliseconds(unixMilliseconds, ts))
        {
            // Inputs are checked before they get here (epoch ranges, parsed timestamps): this is a bug, not bad input.
            throw new ArgumentOutOfRangeException(nameof(unixMilliseconds), unixMilliseconds, "ts must be within years 0001-9999");
        }

        _json.WriteString(CanonicalNames.Ts, ts);
        if (tenant is not null)
        {
            _json.WriteString(CanonicalNames.Tenant, tenant);
        }

        return this;
    }
}
