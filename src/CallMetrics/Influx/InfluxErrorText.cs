using System.Text.Json;

namespace CallMetrics.Influx;

/// <summary>The readable part of a server's error answer, bounded and free of secrets, for logs and dead letters.</summary>
internal static class InfluxErrorText
{
    /// <summary>Longest error text kept from a server answer.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The message of <paramref name="body"/>: 1.x answers <c>{"error": "..."}</c>, 2.x <c>{"code": "...", "message": "..."}</c>,
    /// anything else is kept as it is; then truncated to <see cref="MaxLength"/> and scrubbed of <paramref name="secrets"/>.
    /// </summary>
    public static string From(string? body, IReadOnlyList<string> secrets)
    {
        string text = (body ?? string.Empty).Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.String)
                {
                    text = error.GetString() ?? text;
                }
                else if (json.RootElement.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String)
                {
                    text = message.GetString() ?? text;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the raw text.
            }
        }

        return SecretRedactor.Scrub(Truncate(text, MaxLength), secrets);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="length"/> characters, with an ellipsis when cut.</summary>
    public static string Truncate(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "...");
}
