using System.Text.Json;

namespace CallMetrics.Tests.Kafka;

/// <summary>The librdkafka version of the librdkafka.redist package the tests were built with (from their deps.json).</summary>
internal static class BundledLibrdkafka
{
    private static readonly Lazy<string> PackageVersion = new(Read);

    public static string Version => PackageVersion.Value;

    private static string Read()
    {
        string depsFile = Path.Combine(AppContext.BaseDirectory, "CallMetrics.Tests.deps.json");
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        foreach (JsonProperty library in deps.RootElement.GetProperty("libraries").EnumerateObject())
        {
            if (library.Name.StartsWith("librdkafka.redist/", StringComparison.Ordinal))
            {
                return library.Name["librdkafka.redist/".Length..];
            }
        }

        throw new InvalidOperationException($"no librdkafka.redist in {depsFile}");
    }
}
