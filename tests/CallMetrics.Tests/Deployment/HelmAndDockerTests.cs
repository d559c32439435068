using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// What only helm and Docker can check: helm's own lint, schema check and rendering of the chart, Compose's own parsing
/// of the demo, and Docker's check of the Dockerfile. Where the tool is missing (this build machine has neither helm
/// nor a Docker engine or Compose plugin) each test passes after writing a visible "skipped: ..." line to its output.
/// </summary>
public sealed class HelmAndDockerTests(ITestOutputHelper output)
{
    public static TheoryData<string> CiValuesFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in RepositoryFiles.ChartCiValues)
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Helm_lints_and_renders_the_chart_and_its_configmap_matches_the_tests_reading(string valuesFile)
    {
        if (SkipWithoutHelm())
        {
            return;
        }

        string values = $"helm/callmetrics/ci/{valuesFile}";
        (int lintCode, string lintOutput) = await ExternalTool.RunAsync("helm", ["lint", "--strict", "helm/callmetrics", "-f", values]);
        lintCode.Should().Be(0, lintOutput);

        (int code, string rendered) = await ExternalTool.RunAsync("helm", ["template", "callmetrics", "helm/callmetrics", "-f", values]);
        code.Should().Be(0, rendered);
        List<JsonObject> documents = ParseDocuments(rendered);
        documents.Select(d => d["kind"]!.GetValue<string>()).Should().Contain(["StatefulSet", "ConfigMap", "Service", "ServiceAccount", "PodDisruptionBudget"]);

        JsonObject configMap = documents.Single(d => d["kind"]!.GetValue<string>() == "ConfigMap");
        var fromHelm = configMap["data"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        fromHelm.Should().Equal(ChartTemplates.RenderConfigMapEnvironment(ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", valuesFile))));
    }

    [Fact]
    public async Task Helm_refuses_more_replicas_than_partitions()
    {
        if (SkipWithoutHelm())
        {
            return;
        }

        (int code, string rendered) = await ExternalTool.RunAsync(
            "helm", ["template", "callmetrics", "helm/callmetrics", "-f", "helm/callmetrics/ci/default-values.yaml", "--set", "replicaCount=13"]);

        code.Should().NotBe(0);
        rendered.Should().Contain("replicaCount (13) must not exceed kafka.partitions (12)");
    }

    [Fact]
    public async Task Helm_checks_values_against_the_schema()
    {
        if (SkipWithoutHelm())
        {
            return;
        }

        (int code, string rendered) = await ExternalTool.RunAsync(
            "helm", ["template", "callmetrics", "helm/callmetrics", "-f", "helm/callmetrics/ci/default-values.yaml", "--set", "influx.api=v3"]);

        code.Should().NotBe(0);
        rendered.Should().Contain("api");
    }

    [Fact]
    public async Task Docker_compose_accepts_the_demo()
    {
        (bool available, string reason) = await ExternalTool.DockerComposeAsync();
        if (!available)
        {
            output.WriteLine($"skipped: {reason}; docker compose config runs where the plugin is installed");
            return;
        }

        (int code, string config) = await ExternalTool.RunAsync("docker", ["compose", "-f", "docker/docker-compose.yml", "config", "--format", "json"]);

        code.Should().Be(0, config);
        JsonNode.Parse(config)!["services"]!.AsObject().Select(s => s.Key).Should().BeEquivalentTo(ComposeFile.Load().Services.Select(s => s.Key));
    }

    [Fact]
    public async Task Debians_docker_compose_validates_the_demo_and_interpolates_it_as_the_tests_do()
    {
        if (ExternalTool.Which("docker-compose") is null)
        {
            output.WriteLine("skipped: no docker-compose here (Debian's docker-compose package, installed by scripts/install-deps.sh)");
            return;
        }

        // Compose v1 (Debian 12 ships 1.29) knows the whole Compose specification this file uses except the
        // top-level project name, which only names the project: check a copy without it.
        string copy = Path.Combine(Path.GetTempPath(), $"callmetrics-compose-{Guid.NewGuid():N}.yml");
        File.WriteAllLines(copy, File.ReadAllLines(RepositoryFiles.Compose).Where(line => !line.StartsWith("name: ", StringComparison.Ordinal)));
        try
        {
            (int code, string config) = await ExternalTool.RunAsync(
                "docker-compose", ["--project-directory", "docker", "--project-name", "callmetrics", "-f", copy, "config"]);

            code.Should().Be(0, config);
            File.WriteAllText(copy, config);
            JsonObject resolved = YamlTree.LoadObject(copy);
            ComposeFile compose = ComposeFile.Load();
            resolved["services"]!.AsObject().Select(s => s.Key).Should().BeEquivalentTo(compose.Services.Select(s => s.Key));
            resolved["services"]!["callmetrics"]!["environment"]!.AsObject()
                .ToDictionary(e => e.Key, e => e.Value!.GetValue<string>())
                .Should().Equal(compose.Environment("callmetrics"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public async Task Docker_checks_the_dockerfile()
    {
        (bool available, string reason) = await ExternalTool.DockerEngineAsync();
        if (!available)
        {
            output.WriteLine($"skipped: {reason}; docker build --check runs where a Docker engine is available");
            return;
        }

        (int code, string result) = await ExternalTool.RunAsync("docker", ["build", "--check", "-f", "docker/Dockerfile", "."], TimeSpan.FromMinutes(5));

        code.Should().Be(0, result);
    }

    private static List<JsonObject> ParseDocuments(string yaml)
    {
        string file = Path.Combine(Path.GetTempPath(), $"callmetrics-rendered-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            return YamlTree.LoadAll(file).OfType<JsonObject>().ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private bool SkipWithoutHelm()
    {
        if (ExternalTool.Which("helm") is not null)
        {
            return false;
        }

        output.WriteLine("skipped: no helm binary here (Debian does not package helm); ChartTests check the chart without it");
        return true;
    }
}
