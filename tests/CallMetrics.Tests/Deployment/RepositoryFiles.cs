namespace CallMetrics.Tests.Deployment;

/// <summary>Paths of the deployment files, found from the test output by walking up to the repository root.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the directory holding <c>CallMetrics.sln</c>).</summary>
    public static string Root => s_root.Value;

    public static string Compose => Path.Combine(Root, "docker", "docker-compose.yml");

    public static string Dockerfile => Path.Combine(Root, "docker", "Dockerfile");

    public static string GrafanaProvisioning => Path.Combine(Root, "docker", "grafana", "provisioning");

    public static string Chart => Path.Combine(Root, "helm", "callmetrics");

    public static string ChartValues => Path.Combine(Chart, "values.yaml");

    public static string ChartSchema => Path.Combine(Chart, "values.schema.json");

    public static string ChartReadme => Path.Combine(Chart, "README.md");

    public static string ChartTemplates => Path.Combine(Chart, "templates");

    /// <summary>The example values files of the chart (<c>ci/*-values.yaml</c>, the chart-testing convention).</summary>
    public static IReadOnlyList<string> ChartCiValues =>
        Directory.GetFiles(Path.Combine(Chart, "ci"), "*-values.yaml").Order(StringComparer.Ordinal).ToList();

    /// <summary>Every YAML file of the repository outside build output and Helm templates (those are Go templates).</summary>
    public static IReadOnlyList<string> YamlFiles() =>
        Directory.EnumerateFiles(Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !IsExcluded(Path.GetRelativePath(Root, f)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The path relative to the root, with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsExcluded(string relative)
    {
        string[] parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "node_modules" or "TestResults" or ".git")
            || relative.Replace('\\', '/').Contains("/templates/", StringComparison.Ordinal) && relative.StartsWith("helm", StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallMetrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no CallMetrics.sln above {AppContext.BaseDirectory}");
    }
}
