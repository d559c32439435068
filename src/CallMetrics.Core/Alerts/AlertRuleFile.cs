using System.Globalization;
using System.Text.Json;
using CallMetrics.Core.Options;

namespace CallMetrics.Core.Alerts;

/// <summary>
/// Reads a rule file (METRICS.md "Alert rules"): a JSON array of rule objects with <c>id</c>, <c>measurement</c>,
/// <c>field</c>, <c>op</c>, <c>value</c>, and optionally <c>for</c>, <c>cooldown</c> (durations, default 0) and
/// <c>match</c> (tags). A bad rule is an error naming the rule (its id, else its position) and the problem.
/// </summary>
public static class AlertRuleFile
{
    private static readonly string[] Keys = ["id", "measurement", "field", "op", "value", "for", "cooldown", "match"];

    /// <summary>Parses <paramref name="json"/>; false with a one-line <paramref name="error"/> when it is not a valid rule file.</summary>
    public static bool TryParse(string json, out IReadOnlyList<AlertRule> rules, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        rules = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException exception)
        {
            error = $"not JSON: {exception.Message}";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "a rule file is a JSON array of rules";
                return false;
            }

            var parsed = new List<AlertRule>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                index++;
                if (!TryParseRule(element, out var rule, out var problem))
                {
                    error = $"{Name(element, index)}: {problem}";
                    return false;
                }

                if (!ids.Add(rule!.Id))
                {
                    error = $"{Name(element, index)}: the id is already used by an earlier rule";
                    return false;
                }

                parsed.Add(rule);
            }

            rules = parsed;
            error = null;
            return true;
        }
    }

    private static string Name(JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text
            ? string.Create(CultureInfo.InvariantCulture, $"rule \"{text}\" (#{index})")
            : string.Create(CultureInfo.InvariantCulture, $"rule #{index}");

    private static bool TryParseRule(JsonElement element, out AlertRule? rule, out string? problem)
    {
        rule = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = "a rule is a JSON object";
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!Keys.Contains(property.Name, StringComparer.Ordinal))
            {
                problem = $"unknown key \"{property.Name}\" (a rule has {string.Join(", ", Keys)})";
                return false;
            }
        }

        if (!TryText(element, "id", out var id, out problem)
            || !TryText(element, "measurement", out var measurement, out problem)
            || !TryText(element, "field", out var field, out problem)
            || !TryText(element, "op", out var opText, out problem))
        {
            return false;
        }

        if (!AlertMeasurements.IsKnown(measurement))
        {
            problem = $"measurement \"{measurement}\" is not one of {string.Join(", ", AlertMeasurements.Names)}";
            return false;
        }

        if (!AlertMeasurements.HasField(measurement, field))
        {
            problem = $"{measurement} has no field \"{field}\"";
            return false;
        }

        AlertOp? op = opText switch
        {
            ">" => AlertOp.Greater,
            ">=" => AlertOp.GreaterOrEqual,
            "<" => AlertOp.Less,
            "<=" => AlertOp.LessOrEqual,
            _ => null,
        };
        if (op is null)
        {
            problem = $"op \"{opText}\" is not one of >, >=, <, <=";
            return false;
        }

        if (!element.TryGetProperty("value", out var valueElement) || valueElement.ValueKind != JsonValueKind.Number || !valueElement.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            problem = "value must be a number";
            return false;
        }

        if (!TryDuration(element, "for", out var forDuration, out problem) || !TryDuration(element, "cooldown", out var cooldown, out problem))
        {
            return false;
        }

        if (!TryMatch(element, measurement, out var match, out problem))
        {
            return false;
        }

        rule = new AlertRule(id, measurement, field, op.Value, value, forDuration, cooldown, match);
        return true;
    }

    private static bool TryText(JsonElement element, string key, out string text, out string? problem)
    {
        text = string.Empty;
        if (!element.TryGetProperty(key, out var value))
        {
            problem = $"\"{key}\" is missing";
            return false;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } s)
        {
            problem = $"\"{key}\" must be a non-empty string";
            return false;
        }

        text = s;
        problem = null;
        return true;
    }

    private static bool TryDuration(JsonElement element, string key, out TimeSpan duration, out string? problem)
    {
        duration = TimeSpan.Zero;
        problem = null;
        if (!element.TryGetProperty(key, out var value))
        {
            return true; // METRICS: for and cooldown default to 0
        }

        if (value.ValueKind != JsonValueKind.String || !DurationText.TryParse(value.GetString(), out duration) || duration < TimeSpan.Zero)
        {
            problem = $"\"{key}\" must be a duration such as \"90s\", \"1m\" or \"1h\"";
            return false;
        }

        return true;
    }

    private static bool TryMatch(JsonElement element, string measurement, out IReadOnlyList<KeyValuePair<string, string>> match, out string? problem)
    {
        match = [];
        problem = null;
        if (!element.TryGetProperty("match", out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problem = "\"match\" must be an object of tag names to values";
            return false;
        }

        var tags = new List<KeyValuePair<string, string>>();
        foreach (var tag in value.EnumerateObject())
        {
            if (!AlertMeasurements.Tags(measurement).Contains(tag.Name, StringComparer.Ordinal))
            {
                problem = $"match: {measurement} has no tag \"{tag.Name}\" (it has {string.Join(", ", AlertMeasurements.Tags(measurement))})";
                return false;
            }

            if (tag.Value.ValueKind != JsonValueKind.String || tag.Value.GetString() is not { Length: > 0 } tagValue)
            {
                problem = $"match: the value of \"{tag.Name}\" must be a non-empty string";
                return false;
            }

            tags.Add(new(tag.Name, tagValue));
        }

        match = [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
        return true;
    }
}
