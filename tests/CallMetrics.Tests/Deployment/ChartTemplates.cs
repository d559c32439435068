using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// What the tests read from the chart's templates without helm: the <c>.Values</c> paths they reference, the
/// environment the ConfigMap renders to, and the environment variable names the StatefulSet sets.
/// </summary>
/// <remarks>
/// <see cref="RenderConfigMapEnvironment"/> is a renderer for the few line shapes <c>configmap.yaml</c> uses (its header
/// comment lists them) and refuses any other, so the configuration under test is exactly the chart's.
/// Where helm is installed, <c>HelmAndDockerTests</c> also renders the chart with helm itself.
/// </remarks>
public static partial class ChartTemplates
{
    /// <summary>Every <c>.Values.a.b</c> path referenced by a template (including <c>$.Values</c> and <c>NOTES.txt</c>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ValueReferences()
    {
        var references = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(RepositoryFiles.ChartTemplates, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (Match match in ValuesReference().Matches(File.ReadAllText(file)))
            {
                string path = match.Groups["path"].Value;
                if (!references.TryGetValue(path, out List<string>? files))
                {
                    references[path] = files = [];
                }

                if (!files.Contains(Path.GetFileName(file)))
                {
                    files.Add(Path.GetFileName(file));
                }
            }
        }

        return references.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value, StringComparer.Ordinal);
    }

    /// <summary>The chart's values: <c>values.yaml</c> with <paramref name="overridesFile"/> (a <c>-f</c> file) merged in.</summary>
    public static JsonObject Values(string? overridesFile = null)
    {
        JsonObject values = YamlTree.LoadObject(RepositoryFiles.ChartValues);
        return overridesFile is null ? values : YamlTree.Merge(values, YamlTree.LoadObject(overridesFile));
    }

    /// <summary>The <c>data</c> of <c>configmap.yaml</c> rendered with <paramref name="values"/>: the container's environment.</summary>
    public static IReadOnlyDictionary<string, string> RenderConfigMapEnvironment(JsonObject values)
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryFiles.ChartTemplates, "configmap.yaml"));
        int start = Array.IndexOf(lines, "data:");
        if (start < 0)
        {
            throw new InvalidOperationException("configmap.yaml has no top-level 'data:'");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = start + 1; i < lines.Length; i++)
        {
            string line = lines[i];
            Match match;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            else if ((match = RangeStart().Match(line)).Success)
            {
                string body = lines[++i];
                Match entry = RangeBody().Match(body);
                if (!entry.Success || !RangeEnd().IsMatch(lines[++i]))
                {
                    throw Unsupported(i, body);
                }

                if (Lookup(values, match.Groups["path"].Value) is JsonObject map)
                {
                    foreach ((string key, JsonNode? value) in map)
                    {
                        Add(environment, entry.Groups["prefix"].Value + key, Quote(value));
                    }
                }
            }
            else if ((match = Literal().Match(line)).Success)
            {
                Add(environment, match.Groups["key"].Value, match.Groups["value"].Value);
            }
            else if ((match = ValueLine().Match(line)).Success)
            {
                JsonNode? value = Lookup(values, match.Groups["path"].Value);
                if (match.Groups["required"].Success && string.IsNullOrEmpty(Quote(value)))
                {
                    throw new InvalidOperationException($"helm would fail: {match.Groups["required"].Value}");
                }

                Add(environment, match.Groups["key"].Value, Quote(value));
            }
            else if ((match = JoinLine().Match(line)).Success)
            {
                var items = Lookup(values, match.Groups["path"].Value) as JsonArray ?? [];
                Add(environment, match.Groups["key"].Value, string.Join(match.Groups["separator"].Value, items.Select(Quote)));
            }
            else
            {
                throw Unsupported(i, line);
            }
        }

        return environment;
    }

    /// <summary>The names of the environment variables <c>statefulset.yaml</c> sets itself (secrets, pod name).</summary>
    public static IReadOnlyList<string> StatefulSetEnvironmentNames() =>
        EnvName().Matches(File.ReadAllText(Path.Combine(RepositoryFiles.ChartTemplates, "statefulset.yaml")))
            .Select(m => m.Groups["name"].Value)
            .ToList();

    private static void Add(Dictionary<string, string> environment, string key, string value)
    {
        if (!environment.TryAdd(key, value))
        {
            throw new InvalidOperationException($"configmap.yaml sets {key} twice");
        }
    }

    private static JsonNode? Lookup(JsonObject values, string path) =>
        YamlTree.TryGet(values, path, out JsonNode? node) ? node : throw new InvalidOperationException($".Values.{path} is not in the values");

    /// <summary>What helm's <c>quote</c> makes of a value: its text (numbers and booleans as Go prints them), empty for null.</summary>
    private static string Quote(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        JsonValue v => v.ToJsonString(),
        _ => throw new InvalidOperationException($"cannot quote {value.ToJsonString()}"),
    };

    private static NotSupportedException Unsupported(int index, string line) =>
        new($"configmap.yaml line {index + 1} has a shape the test renderer does not know (keep to the shapes in its header): {line}");

    [GeneratedRegex(@"\$?\.Values\.(?<path>[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"^\s+\{\{-? range \$key, \$value := \.Values\.(?<path>[\w.]+) \}\}$")]
    private static partial Regex RangeStart();

    [GeneratedRegex(@"^  (?<prefix>[A-Za-z0-9_.-]*)\{\{ \$key \}\}: \{\{ \$value \| quote \}\}$")]
    private static partial Regex RangeBody();

    [GeneratedRegex(@"^\s+\{\{-? end \}\}$")]
    private static partial Regex RangeEnd();

    [GeneratedRegex("^  (?<key>[A-Za-z0-9_.-]+): \"(?<value>[^\"{}]*)\"$")]
    private static partial Regex Literal();

    [GeneratedRegex("^  (?<key>[A-Za-z0-9_.-]+): \\{\\{ (?:required (?<required>\"[^\"]*\") )?\\.Values\\.(?<path>[\\w.]+) \\| quote \\}\\}$")]
    private static partial Regex ValueLine();

    [GeneratedRegex("^  (?<key>[A-Za-z0-9_.-]+): \\{\\{ join \"(?<separator>[^\"]*)\" \\.Values\\.(?<path>[\\w.]+) \\| quote \\}\\}$")]
    private static partial Regex JoinLine();

    [GeneratedRegex(@"- name: (?<name>CallMetrics__[A-Za-z0-9_.]+)")]
    private static partial Regex EnvName();
}
