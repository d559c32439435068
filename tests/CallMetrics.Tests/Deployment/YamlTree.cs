using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// Reads YAML into <see cref="JsonNode"/> trees (what JSON Schema validates), resolving plain scalars with the
/// YAML 1.2 core schema the way Helm and Compose do: <c>true</c>/<c>false</c>, integers, floats and
/// <c>null</c>/<c>~</c>/empty are typed; quoted scalars are always strings.
/// </summary>
public static class YamlTree
{
    /// <summary>Parses every document of <paramref name="path"/>; throws <see cref="YamlException"/> on a syntax error.</summary>
    public static IReadOnlyList<JsonNode?> LoadAll(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
    }

    /// <summary>The single document of <paramref name="path"/> as an object.</summary>
    public static JsonObject LoadObject(string path)
    {
        IReadOnlyList<JsonNode?> documents = LoadAll(path);
        if (documents.Count != 1 || documents[0] is not JsonObject root)
        {
            throw new InvalidOperationException($"{path}: expected one YAML document holding a mapping");
        }

        return root;
    }

    /// <summary>A deep copy of <paramref name="target"/> with <paramref name="overrides"/> merged in (maps merge, anything else replaces), like <c>helm -f</c>.</summary>
    public static JsonObject Merge(JsonObject target, JsonObject overrides)
    {
        var merged = (JsonObject)target.DeepClone();
        foreach ((string key, JsonNode? value) in overrides)
        {
            merged[key] = merged[key] is JsonObject left && value is JsonObject right ? Merge(left, right) : value?.DeepClone();
        }

        return merged;
    }

    /// <summary>The node at a dotted path (<c>kafka.sasl.existingSecret</c>), or null when a segment is missing.</summary>
    public static bool TryGet(JsonObject root, string dottedPath, out JsonNode? node)
    {
        node = root;
        foreach (string segment in dottedPath.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                node = null;
                return false;
            }
        }

        return true;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach ((YamlNode key, YamlNode value) in mapping.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (obj.ContainsKey(name))
            {
                throw new InvalidOperationException($"duplicate key '{name}' at {key.Start}");
            }

            obj[name] = ToJson(value);
        }

        return obj;
    }

    private static JsonNode? ToScalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.Any(char.IsDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }
}
