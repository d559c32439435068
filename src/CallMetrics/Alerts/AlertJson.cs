using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Alerts;

/// <summary>
/// Writes an <see cref="AlertChange"/> as METRICS.md's JSON object:
/// <c>{"rule":"long-wait","tags":{"queue":"sales","tenant":"default"},"state":"firing","at":"2026-11-22T09:14:00Z","value":135.5}</c>.
/// </summary>
internal static class AlertJson
{
    /// <summary>The object as UTF-8 bytes (a webhook's body, a Kafka message's value).</summary>
    public static byte[] Serialize(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Json is { } json)
        {
            return System.Text.Encoding.UTF8.GetBytes(json);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, change);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the object with <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(change);
        if (change.Json is { } json)
        {
            // The evaluator's own text: the same bytes as replay's --alerts-out line (see AlertChange.Json).
            writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("rule", change.Rule);
        writer.WriteStartObject("tags");
        foreach (var tag in change.Tags)
        {
            writer.WriteString(tag.Key, tag.Value);
        }

        writer.WriteEndObject();
        writer.WriteString("state", change.State == AlertState.Firing ? "firing" : "resolved");
        writer.WriteString("at", Instant(change.At));

        // METRICS: value is absent on resolve when the field is absent.
        if (change.Value is { } value && double.IsFinite(value))
        {
            writer.WriteNumber("value", value);
        }

        writer.WriteEndObject();
    }

    /// <summary>RFC 3339 UTC with whole seconds, as METRICS.md writes <c>at</c>.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
