using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallMetrics.Tests.Deployment;

/// <summary>The Helm chart's files agree with each other: Chart.yaml, values.yaml, values.schema.json, the templates and the README.</summary>
public sealed partial class ChartTests
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

    [Fact]
    public void Chart_yaml_is_an_application_chart_of_api_v2_with_semver_versions()
    {
        JsonObject chart = YamlTree.LoadObject(Path.Combine(RepositoryFiles.Chart, "Chart.yaml"));

        chart["apiVersion"]!.GetValue<string>().Should().Be("v2");
        chart["name"]!.GetValue<string>().Should().Be("callmetrics", "the chart's directory is helm/callmetrics");
        chart["type"]!.GetValue<string>().Should().Be("application");
        chart["version"]!.GetValue<string>().Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$");
        chart["appVersion"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void The_schema_offers_every_metric_setting_of_the_service_under_metrics()
    {
        // values.yaml's `metrics` map goes to CallMetrics:Metrics: a setting the service has but the schema refuses
        // cannot be set through the chart. Lists are set with extraEnv (one variable per item).
        var schema = JsonNode.Parse(File.ReadAllText(RepositoryFiles.ChartSchema))!;
        var offered = schema["properties"]!["metrics"]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var settings = typeof(CallMetrics.Pipeline.MetricsSettings).GetProperties()
            .Where(p => p.SetMethod is { IsPublic: true } && !typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType) || p.PropertyType == typeof(string))
            .Select(p => p.Name);

        offered.Should().BeEquivalentTo(settings);
    }

    [Fact]
    public void The_values_schema_is_a_valid_draft_07_schema()
    {
        ValuesSchema.MetaSchemaViolations().Should().BeEmpty();
    }

    [Fact]
    public void Default_values_follow_the_schema()
    {
        ValuesSchema.Violations(ChartTemplates.Values()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public void Example_values_merged_over_the_defaults_follow_the_schema(string file)
    {
        JsonObject values = ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", file));

        ValuesSchema.Violations(values).Should().BeEmpty();
    }

    [Theory]
    [InlineData("replicaCount: two", "/replicaCount type")]
    [InlineData("replicaCount: -1", "/replicaCount minimum")]
    [InlineData("replicas: 3", "/replicas")]
    [InlineData("influx:\n  api: v3", "/influx/api enum")]
    [InlineData("influx:\n  url: influxdb:8086", "/influx/url pattern")]
    [InlineData("kafka:\n  topics: call-events", "/kafka/topics type")]
    [InlineData("kafka:\n  properties:\n    linger.ms: 5", "/kafka/properties/linger.ms type")]
    [InlineData("kafka:\n  partitions: 0", "/kafka/partitions minimum")]
    [InlineData("pipeline:\n  checkpointInterval: ten seconds", "/pipeline/checkpointInterval pattern")]
    [InlineData("pipeline:\n  checkpointInterval: \"10\"", "/pipeline/checkpointInterval pattern")]
    [InlineData("metrics:\n  Interval: 15 min", "/metrics/Interval pattern")]
    [InlineData("metrics:\n  ServiceLevel: \"00:00:20\"", "/metrics/ServiceLevel")]
    [InlineData("persistence:\n  enabled: \"yes\"", "/persistence/enabled type")]
    public void Broken_values_are_rejected_by_the_schema_at_their_location(string overrides, string expected)
    {
        var violations = ViolationsWith(overrides);

        violations.Should().NotBeEmpty().And.OnlyContain(v => v.StartsWith(expected, StringComparison.Ordinal), "only the broken value is reported");
    }

    [Theory]
    [InlineData("pipeline:\n  checkpointInterval: 10s")]
    [InlineData("pipeline:\n  checkpointInterval: \"00:00:10\"")]
    [InlineData("kafka:\n  sessionTimeout: 1m30s")]
    [InlineData("metrics:\n  Retention: 2d\n  Rolling: \"\"\n  MaxWrap: 250ms\n  Lateness: \"0\"")]
    public void Durations_in_the_service_s_syntax_follow_the_schema(string overrides)
    {
        ViolationsWith(overrides).Should().BeEmpty();
    }

    private static IReadOnlyList<string> ViolationsWith(string overrides)
    {
        string file = Path.Combine(Path.GetTempPath(), $"callmetrics-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, overrides + "\n");
        try
        {
            return ValuesSchema.Violations(ChartTemplates.Values(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_value_the_templates_reference_exists_in_values_yaml()
    {
        JsonObject values = ChartTemplates.Values();

        var missing = ChartTemplates.ValueReferences()
            .Where(r => !YamlTree.TryGet(values, r.Key, out _))
            .Select(r => $".Values.{r.Key} (in {string.Join(", ", r.Value)})");

        missing.Should().BeEmpty();
        ChartTemplates.ValueReferences().Should().ContainKeys("kafka.bootstrapServers", "influx.url", "persistence.mountPath");
    }

    [Fact]
    public void Every_value_the_templates_reference_is_documented_in_the_readme()
    {
        IReadOnlyDictionary<string, string> documented = ReadmeTable();

        var undocumented = ChartTemplates.ValueReferences().Keys
            .Where(path => !documented.ContainsKey(path) && !documented.Keys.Any(d => d.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(d + ".", StringComparison.Ordinal)));

        undocumented.Should().BeEmpty();
    }

    [Fact]
    public void Every_value_of_values_yaml_is_listed_in_the_readme()
    {
        IReadOnlyDictionary<string, string> documented = ReadmeTable();

        var undocumented = Leaves(ChartTemplates.Values(), string.Empty)
            .Select(leaf => leaf.Path)
            .Where(path => !documented.Keys.Any(d => d == path || path.StartsWith(d + ".", StringComparison.Ordinal)));

        undocumented.Should().BeEmpty("README.md lists every value, by itself or as part of an object passed through whole");
    }

    [Fact]
    public void Every_row_of_the_readme_table_is_a_value_with_its_actual_default()
    {
        JsonObject values = ChartTemplates.Values();
        var problems = new List<string>();

        foreach ((string path, string shown) in ReadmeTable())
        {
            if (!YamlTree.TryGet(values, path, out JsonNode? value))
            {
                problems.Add($"{path} is in the README but not in values.yaml");
            }
            else if (!JsonNode.DeepEquals(JsonNode.Parse(shown), value))
            {
                problems.Add($"{path}: README says {shown}, values.yaml has {value?.ToJsonString() ?? "null"}");
            }
        }

        problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(CiValuesFiles))]
    public void Replicas_never_exceed_the_topic_partitions(string? file)
    {
        JsonObject values = ChartTemplates.Values(file is null ? null : Path.Combine(RepositoryFiles.Chart, "ci", file));
        long partitions = values["kafka"]!["partitions"]!.GetValue<long>();

        values["replicaCount"]!.GetValue<long>().Should().BeLessThanOrEqualTo(partitions);
        values["autoscaling"]!["maxReplicas"]!.GetValue<long>().Should().BeLessThanOrEqualTo(partitions);
    }

    [Fact]
    public void The_templates_refuse_more_replicas_than_partitions()
    {
        string helpers = File.ReadAllText(Path.Combine(RepositoryFiles.ChartTemplates, "_helpers.tpl"));
        string statefulSet = File.ReadAllText(Path.Combine(RepositoryFiles.ChartTemplates, "statefulset.yaml"));

        helpers.Should().Contain("gt (int .Values.replicaCount) (int .Values.kafka.partitions)")
            .And.Contain("gt (int .Values.autoscaling.maxReplicas) (int .Values.kafka.partitions)");
        statefulSet.Should().StartWith("{{- include \"callmetrics.validateReplicas\" . }}");
    }

    [Fact]
    public void The_pods_are_probed_on_healthz_and_readyz_and_run_hardened()
    {
        string statefulSet = File.ReadAllText(Path.Combine(RepositoryFiles.ChartTemplates, "statefulset.yaml"));
        JsonObject values = ChartTemplates.Values();

        ProbePath(statefulSet, "livenessProbe").Should().Be("/healthz");
        ProbePath(statefulSet, "readinessProbe").Should().Be("/readyz");
        values["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        values["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        values["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("ALL");
        values["podSecurityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        values["podSecurityContext"]!["runAsUser"]!.GetValue<long>().Should().Be(DockerfileUid(), "the chart runs the image's own user");
    }

    [Fact]
    public void The_state_directory_is_the_mounted_volume()
    {
        var environment = ChartTemplates.RenderConfigMapEnvironment(ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", "default-values.yaml")));

        environment["CallMetrics__Pipeline__StateDirectory"].Should().Be(ChartTemplates.Values()["persistence"]!["mountPath"]!.GetValue<string>());
        File.ReadAllText(Path.Combine(RepositoryFiles.ChartTemplates, "statefulset.yaml")).Should().Contain("mountPath: {{ .Values.persistence.mountPath }}");
    }

    [Fact]
    public void Rendering_without_the_required_values_fails_like_helm()
    {
        var rendering = () => ChartTemplates.RenderConfigMapEnvironment(ChartTemplates.Values());

        rendering.Should().Throw<InvalidOperationException>().WithMessage("*kafka.bootstrapServers is required*");
    }

    [Fact]
    public void Every_template_closes_the_blocks_it_opens()
    {
        var unbalanced = new List<string>();
        foreach (string file in Directory.GetFiles(RepositoryFiles.ChartTemplates, "*", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            int opened = BlockStart().Matches(text).Count;
            int closed = BlockEnd().Matches(text).Count;
            int actionsOpened = text.Split("{{").Length - 1;
            int actionsClosed = text.Split("}}").Length - 1;
            if (opened != closed || actionsOpened != actionsClosed)
            {
                unbalanced.Add($"{Path.GetFileName(file)}: {opened} blocks opened, {closed} ended; {actionsOpened} '{{{{', {actionsClosed} '}}}}'");
            }
        }

        unbalanced.Should().BeEmpty();
    }

    private static string ProbePath(string template, string probe)
    {
        Match match = Regex.Match(template, probe + @":\s+httpGet:\s+path: (?<path>\S+)");
        match.Success.Should().BeTrue($"statefulset.yaml has an httpGet {probe}");
        return match.Groups["path"].Value;
    }

    private static int DockerfileUid() =>
        int.Parse(Regex.Match(File.ReadAllText(RepositoryFiles.Dockerfile), @"^USER (\d+)", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The README's values table: key to its Default cell (JSON).</summary>
    private static Dictionary<string, string> ReadmeTable() =>
        ReadmeRow().Matches(File.ReadAllText(RepositoryFiles.ChartReadme))
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["default"].Value, StringComparer.Ordinal);

    /// <summary>Scalars, lists and empty maps, by dotted path (what a user sets).</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string prefix)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach ((string key, JsonNode? child) in obj)
            {
                foreach (var leaf in Leaves(child, prefix.Length == 0 ? key : $"{prefix}.{key}"))
                {
                    yield return leaf;
                }
            }
        }
        else
        {
            yield return (prefix, node);
        }
    }

    [GeneratedRegex(@"\{\{-?\s*(if|range|with|define)\b")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"\{\{-?\s*end\b")]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z0-9_.]+)` \| \w+ \| `(?<default>.*)` \| .*\|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
