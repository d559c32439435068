using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// <c>docker/docker-compose.yml</c> as the tests read it: services, and their environment with Compose's
/// interpolation applied (<c>${VAR:-default}</c> with VAR unset, <c>$$</c> for a literal <c>$</c>), as
/// <c>docker compose up</c> on a fresh machine would see it.
/// </summary>
public sealed partial class ComposeFile
{
    private ComposeFile(JsonObject root) => Root = root;

    /// <summary>The parsed file.</summary>
    public JsonObject Root { get; }

    /// <summary>The services by name.</summary>
    public JsonObject Services => (JsonObject)Root["services"]!;

    public static ComposeFile Load() => new(YamlTree.LoadObject(RepositoryFiles.Compose));

    /// <summary>A service's definition.</summary>
    public JsonObject Service(string name) =>
        Services[name] as JsonObject ?? throw new InvalidOperationException($"no service '{name}' in docker-compose.yml");

    /// <summary>A service's environment (map or list form), interpolated.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Service(service)["environment"])
        {
            case JsonObject map:
                foreach ((string key, JsonNode? value) in map)
                {
                    environment[key] = Interpolate(Text(value));
                }

                break;
            case JsonArray list:
                foreach (string entry in list.Select(Text))
                {
                    int equals = entry.IndexOf('=', StringComparison.Ordinal);
                    environment[entry[..equals]] = Interpolate(entry[(equals + 1)..]);
                }

                break;
        }

        return environment;
    }

    /// <summary>A service's command as one interpolated string (list items joined by spaces).</summary>
    public string Command(string service) => Service(service)["command"] switch
    {
        JsonArray list => Interpolate(string.Join(' ', list.Select(Text))),
        JsonNode node => Interpolate(Text(node)),
        null => string.Empty,
    };

    /// <summary>The container ports a service publishes (<c>"HOST:CONTAINER"</c> entries).</summary>
    public IReadOnlyList<int> ContainerPorts(string service) =>
        (Service(service)["ports"] as JsonArray ?? [])
            .Select(p => Text(p).Split(':')[^1].Split('/')[0])
            .Select(int.Parse)
            .ToList();

    /// <summary>A service's volume entries as (source, target) pairs.</summary>
    public IReadOnlyList<(string Source, string Target)> Volumes(string service) =>
        (Service(service)["volumes"] as JsonArray ?? [])
            .Select(v => Text(v).Split(':'))
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    /// <summary>Applies Compose interpolation as if no variable were set in the environment.</summary>
    public static string Interpolate(string text)
    {
        string replaced = Variable().Replace(text, m => m.Groups["escaped"].Success ? "\u0000" : m.Groups["default"].Value);
        return replaced.Replace('\u0000', '$');
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    [GeneratedRegex(@"(?<escaped>\$\$)|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
