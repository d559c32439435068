using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// A JSON Schema (draft-07) validator for the subset <c>helm/callmetrics/values.schema.json</c> uses: <c>type</c>,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>enum</c>, <c>minimum</c>, <c>maximum</c>,
/// <c>items</c> and <c>pattern</c>. Any other validation keyword is refused (<see cref="NotSupportedException"/>), so a
/// schema cannot silently rely on a rule this validator would not check. There is no JSON Schema package on the feed.
/// </summary>
public static class JsonSchemaValidator
{
    private static readonly HashSet<string> s_annotations = ["$schema", "$id", "title", "description", "default", "examples", "$comment"];

    private static readonly HashSet<string> s_supported =
        ["type", "properties", "required", "additionalProperties", "enum", "minimum", "maximum", "items", "pattern"];

    /// <summary>Validates <paramref name="instance"/>; returns one message per violation (<c>$.kafka.partitions: ...</c>), empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode schema, JsonNode? instance)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonNode schema, JsonNode? instance, string path, List<string> errors)
    {
        if (schema is JsonValue boolean && boolean.TryGetValue(out bool allowed))
        {
            if (!allowed)
            {
                errors.Add($"{path}: not allowed");
            }

            return;
        }

        if (schema is not JsonObject rules)
        {
            throw new NotSupportedException($"schema at {path} is neither an object nor a boolean");
        }

        foreach ((string keyword, _) in rules)
        {
            if (!s_supported.Contains(keyword) && !s_annotations.Contains(keyword))
            {
                throw new NotSupportedException($"schema keyword '{keyword}' (at {path}) is not supported by this validator");
            }
        }

        if (rules["type"] is { } type && !MatchesType(type, instance))
        {
            errors.Add($"{path}: expected {type.ToJsonString()}, got {KindOf(instance)}");
            return;
        }

        if (rules["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, instance)))
        {
            errors.Add($"{path}: {Show(instance)} is not one of {choices.ToJsonString()}");
        }

        if (IsNumber(instance, out double number))
        {
            if (rules["minimum"] is { } minimum && number < minimum.GetValue<double>())
            {
                errors.Add($"{path}: {Show(instance)} is less than the minimum {minimum.ToJsonString()}");
            }

            if (rules["maximum"] is { } maximum && number > maximum.GetValue<double>())
            {
                errors.Add($"{path}: {Show(instance)} is more than the maximum {maximum.ToJsonString()}");
            }
        }

        if (rules["pattern"] is { } pattern && instance is JsonValue text && text.TryGetValue(out string? value)
            && !Regex.IsMatch(value, pattern.GetValue<string>(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: \"{value}\" does not match {pattern.GetValue<string>()}");
        }

        if (instance is JsonObject obj)
        {
            CheckObject(rules, obj, path, errors);
        }

        if (instance is JsonArray array && rules["items"] is { } items)
        {
            for (int i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", errors);
            }
        }
    }

    private static void CheckObject(JsonObject rules, JsonObject obj, string path, List<string> errors)
    {
        var properties = rules["properties"] as JsonObject;
        if (rules["required"] is JsonArray required)
        {
            foreach (string name in required.Select(r => r!.GetValue<string>()))
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add($"{path}: required property '{name}' is missing");
                }
            }
        }

        foreach ((string name, JsonNode? value) in obj)
        {
            string childPath = $"{path}.{name}";
            if (properties is not null && properties.TryGetPropertyValue(name, out JsonNode? propertySchema))
            {
                Check(propertySchema!, value, childPath, errors);
            }
            else if (rules["additionalProperties"] is { } additional)
            {
                if (additional is JsonValue flag && flag.TryGetValue(out bool allowed))
                {
                    if (!allowed)
                    {
                        errors.Add($"{childPath}: unknown property (not in the schema)");
                    }
                }
                else
                {
                    Check(additional, value, childPath, errors);
                }
            }
        }
    }

    private static bool MatchesType(JsonNode type, JsonNode? instance) => type switch
    {
        JsonArray types => types.Any(t => MatchesType(t!, instance)),
        _ => type.GetValue<string>() switch
        {
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
            "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => IsNumber(instance, out _),
            "integer" => IsNumber(instance, out double d) && Math.Floor(d) == d && !double.IsInfinity(d),
            "null" => instance is null,
            string other => throw new NotSupportedException($"type '{other}' is not a JSON Schema type"),
        },
    };

    private static bool IsNumber(JsonNode? instance, out double number)
    {
        number = 0;
        if (instance is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        // Works for values parsed from JSON and for values created from CLR numbers (YamlTree).
        number = double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    private static string KindOf(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "value",
        },
        _ => "value",
    };

    private static string Show(JsonNode? instance) => instance?.ToJsonString() ?? "null";
}
