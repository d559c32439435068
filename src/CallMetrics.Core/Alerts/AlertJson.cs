using System.Globalization;
using System.Text;

namespace CallMetrics.Core.Alerts;

/// <summary>
/// Writes an <see cref="AlertTransition"/> as one JSON object (METRICS.md "Alert rules"):
/// <c>{"rule": "long-wait", "tags": {"queue": "sales", "tenant": "default"}, "state": "firing", "at": "2026-11-22T09:05:00Z", "value": 180.0}</c>.
/// Tags sorted by name, <c>at</c> RFC 3339 UTC with whole seconds, <c>value</c> as the line wrote it (an int field
/// as an int, a float in the formatter's float form) and absent when the field was; strings escaped to ASCII.
/// </summary>
public static class AlertJson
{
    /// <summary>The transition as one line of JSON (no newline).</summary>
    public static string Format(AlertTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var b = new StringBuilder(160);
        b.Append("{\"rule\": ");
        AppendString(b, transition.Rule.Id);
        b.Append(", \"tags\": {");
        for (var i = 0; i < transition.Tags.Count; i++)
        {
            if (i > 0)
            {
                b.Append(", ");
            }

            AppendString(b, transition.Tags[i].Key);
            b.Append(": ");
            AppendString(b, transition.Tags[i].Value);
        }

        b.Append("}, \"state\": ").Append(transition.State == AlertState.Firing ? "\"firing\"" : "\"resolved\"");
        b.Append(", \"at\": \"").Append(Instant(transition.At)).Append('"');
        if (transition.Value is { } value)
        {
            b.Append(", \"value\": ").Append(value);
        }

        return b.Append('}').ToString();
    }

    /// <summary>An instant (Unix nanoseconds) as RFC 3339 UTC with whole seconds.</summary>
    public static string Instant(long unixNanos) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.DivRem(unixNanos, 1_000_000_000L, out var rest) - (rest < 0 ? 1 : 0))
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void AppendString(StringBuilder b, string text)
    {
        b.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        b.Append('"');
    }
}
