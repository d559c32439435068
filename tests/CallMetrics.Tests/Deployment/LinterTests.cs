namespace CallMetrics.Tests.Deployment;

/// <summary>Every YAML file parses, and yamllint and shellcheck (installed by scripts/install-deps.sh) pass.</summary>
public sealed class LinterTests
{
    public static TheoryData<string> YamlFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in RepositoryFiles.YamlFiles())
        {
            data.Add(RepositoryFiles.Relative(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_yaml_file_parses(string file)
    {
        var loading = () => YamlTree.LoadAll(Path.Combine(RepositoryFiles.Root, file));

        loading.Should().NotThrow().Which.Should().NotBeEmpty();
    }

    [Fact]
    public void The_deployment_yaml_files_are_all_found()
    {
        RepositoryFiles.YamlFiles().Select(RepositoryFiles.Relative).Should().Contain(
            "docker/docker-compose.yml",
            "docker/grafana/provisioning/datasources/influxdb.yml",
            "docker/grafana/provisioning/dashboards/callmetrics.yml",
            "helm/callmetrics/Chart.yaml",
            "helm/callmetrics/values.yaml",
            "helm/callmetrics/ci/full-values.yaml").And.NotContain(f => f.StartsWith("helm/callmetrics/templates/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Yamllint_passes_on_every_yaml_file()
    {
        RequireTool("yamllint");

        (int exitCode, string output) = await ExternalTool.RunAsync("yamllint", ["--strict", "--config-file", ".yamllint", "--format", "parsable", "."]);

        output.Should().BeEmpty();
        exitCode.Should().Be(0);
    }

    [Fact]
    public async Task Shellcheck_passes_on_every_script()
    {
        RequireTool("shellcheck");
        var scripts = Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "scripts"), "*.sh")
            .Append(Path.Combine(RepositoryFiles.Root, ".ci", "run"))
            .Concat(Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "docker"), "*.sh", SearchOption.AllDirectories))
            .Select(RepositoryFiles.Relative)
            .ToList();

        (int exitCode, string output) = await ExternalTool.RunAsync("shellcheck", ["--format", "gcc", .. scripts]);

        scripts.Should().Contain("scripts/install-deps.sh");
        output.Should().BeEmpty();
        exitCode.Should().Be(0);
    }

    private static void RequireTool(string name) =>
        ExternalTool.Which(name).Should().NotBeNull($"{name} is installed by scripts/install-deps.sh (Debian package '{name}')");
}
