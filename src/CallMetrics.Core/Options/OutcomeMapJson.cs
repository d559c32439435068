using System.Text.Json;

namespace CallMetrics.Core.Options;

/// <summary>
/// Reads an outcome map (METRICS.md "Outcomes from dispositions"): a JSON object from disposition to one of the
/// classes <c>resolved</c>, <c>escalated</c>, <c>sale</c>, <c>complaint</c>, e.g.
/// <c>{"fixed": "resolved", "callback": "escalated", "order": "sale"}</c>. Dispositions are compared as written
/// (case-sensitive); any other shape or class makes the whole map unusable.
/// </summary>
public static class OutcomeMapJson
{
    /// <summary>The class names as written in a map and in the default map.</summary>
    public static IReadOnlyDictionary<string, OutcomeClass> ClassNames { get; } = new Dictionary<string, OutcomeClass>(StringComparer.Ordinal)
    {
        ["resolved"] = OutcomeClass.Resolved,
        ["escalated"] = OutcomeClass.Escalated,
        ["sale"] = OutcomeClass.Sale,
        ["complaint"] = OutcomeClass.Complaint,
    };

    /// <summary>Parses <paramref name="utf8"/>; false with a one-line reason when it is not such a map.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out IReadOnlyDictionary<string, OutcomeClass> map, out string error)
    {
        map = new Dictionary<string, OutcomeClass>();
        var result = new Dictionary<string, OutcomeClass>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "expected a JSON object from disposition to outcome class";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var disposition = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    error = $"the class of disposition '{disposition}' is not a string";
                    return false;
                }

                var name = reader.GetString()!;
                if (!ClassNames.TryGetValue(name, out var outcome))
                {
                    error = $"disposition '{disposition}' maps to '{name}', not one of {string.Join(", ", ClassNames.Keys)}";
                    return false;
                }

                if (disposition.Length == 0)
                {
                    error = "an empty disposition (an empty disposition counts as absent)";
                    return false;
                }

                if (!result.TryAdd(disposition, outcome))
                {
                    error = $"disposition '{disposition}' appears twice";
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "expected a single JSON object from disposition to outcome class";
                return false;
            }
        }
        catch (JsonException exception)
        {
            error = "not valid JSON: " + exception.Message;
            return false;
        }

        map = result;
        error = string.Empty;
        return true;
    }
}
