using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallMetrics.Tests.Deployment;

/// <summary>The compose demo's services find each other: names, ports, topics and credentials agree across services.</summary>
public sealed partial class ComposeTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void The_demo_has_kafka_influxdb_grafana_the_simulator_and_the_service()
    {
        _compose.Services.Select(s => s.Key).Should().BeEquivalentTo("kafka", "kafka-init", "influxdb", "grafana", "callmetrics", "simulator");
    }

    [Fact]
    public void Kafka_runs_in_kraft_mode_without_zookeeper()
    {
        var kafka = _compose.Environment("kafka");

        kafka["KAFKA_PROCESS_ROLES"].Should().Be("broker,controller");
        kafka.Keys.Should().NotContain(k => k.Contains("ZOOKEEPER", StringComparison.Ordinal));
        kafka["KAFKA_CONTROLLER_QUORUM_VOTERS"].Should().Be($"{kafka["KAFKA_NODE_ID"]}@kafka:9093");
    }

    [Fact]
    public void The_service_bootstraps_from_the_listener_kafka_advertises_on_the_compose_network()
    {
        string bootstrap = _compose.Environment("callmetrics")["CallMetrics__Kafka__BootstrapServers"];
        var advertised = _compose.Environment("kafka")["KAFKA_ADVERTISED_LISTENERS"].Split(',').Select(l => l.Split("://")[1]);

        bootstrap.Should().Be("kafka:9092");
        advertised.Should().Contain(bootstrap);
        _compose.Services.Should().ContainKey(bootstrap.Split(':')[0]);
    }

    [Fact]
    public void The_simulator_produces_to_the_broker_and_topic_the_service_consumes()
    {
        var service = _compose.Environment("callmetrics");
        string command = _compose.Command("simulator");

        Argument(command, "--kafka").Should().Be(service["CallMetrics__Kafka__BootstrapServers"]);
        service["CallMetrics__Kafka__Topics"].Split(',').Should().Contain(Argument(command, "--topic"));
        command.Should().StartWith("exec /app/callmetrics simulate ").And.Contain("--start \"$(date -u");
    }

    [Fact]
    public void The_init_job_creates_every_topic_the_service_uses()
    {
        var service = _compose.Environment("callmetrics");
        var created = TopicSpec().Matches(_compose.Command("kafka-init")).ToDictionary(m => m.Groups["topic"].Value, m => int.Parse(m.Groups["partitions"].Value, System.Globalization.CultureInfo.InvariantCulture));

        created.Keys.Should().Contain(service["CallMetrics__Kafka__Topics"].Split(',')).And.Contain(service["CallMetrics__Kafka__DeadLetterTopic"]);
        created["call-events"].Should().Be(12);
        _compose.Service("kafka-init")["depends_on"]!["kafka"]!["condition"]!.GetValue<string>().Should().Be("service_healthy");
    }

    [Fact]
    public void The_service_writes_to_the_influxdb_service_with_its_org_bucket_and_token()
    {
        var service = _compose.Environment("callmetrics");
        var influx = _compose.Environment("influxdb");
        var url = new Uri(service["CallMetrics__Influx__Url"]);

        _compose.Services.Should().ContainKey(url.Host);
        url.Host.Should().Be("influxdb");
        _compose.ContainerPorts("influxdb").Should().Contain(url.Port);
        service["CallMetrics__Influx__Api"].Should().Be("v2");
        service["CallMetrics__Influx__Org"].Should().Be(influx["DOCKER_INFLUXDB_INIT_ORG"]);
        service["CallMetrics__Influx__Bucket"].Should().Be(influx["DOCKER_INFLUXDB_INIT_BUCKET"]);
        service["CallMetrics__Influx__Token"].Should().Be(influx["DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"]).And.NotBeEmpty();
    }

    [Fact]
    public void Grafanas_datasource_reads_the_influxdb_service_with_flux()
    {
        var grafana = _compose.Environment("grafana");
        var service = _compose.Environment("callmetrics");
        JsonObject datasource = YamlTree.LoadObject(Path.Combine(RepositoryFiles.GrafanaProvisioning, "datasources", "influxdb.yml"))["datasources"]![0]!.AsObject();

        string Expand(string text) => text.StartsWith('$') ? grafana[text.TrimStart('$')] : text;
        Expand(datasource["url"]!.GetValue<string>()).Should().Be(service["CallMetrics__Influx__Url"]);
        datasource["type"]!.GetValue<string>().Should().Be("influxdb");
        datasource["jsonData"]!["version"]!.GetValue<string>().Should().Be("Flux");
        Expand(datasource["jsonData"]!["organization"]!.GetValue<string>()).Should().Be(service["CallMetrics__Influx__Org"]);
        Expand(datasource["jsonData"]!["defaultBucket"]!.GetValue<string>()).Should().Be(service["CallMetrics__Influx__Bucket"]);
        Expand(datasource["secureJsonData"]!["token"]!.GetValue<string>()).Should().Be(service["CallMetrics__Influx__Token"]);
    }

    [Fact]
    public void Grafana_provisions_the_dashboards_folder_it_mounts()
    {
        JsonObject provider = YamlTree.LoadObject(Path.Combine(RepositoryFiles.GrafanaProvisioning, "dashboards", "callmetrics.yml"))["providers"]![0]!.AsObject();
        var volumes = _compose.Volumes("grafana");

        string path = provider["options"]!["path"]!.GetValue<string>();
        volumes.Should().Contain(("./grafana/dashboards", path));
        volumes.Should().Contain(("./grafana/provisioning", "/etc/grafana/provisioning"));
        Directory.Exists(Path.Combine(RepositoryFiles.Root, "docker", "grafana", "dashboards")).Should().BeTrue();
    }

    [Fact]
    public void The_service_listens_publishes_and_is_health_checked_on_the_same_port()
    {
        var service = _compose.Environment("callmetrics");
        int port = new Uri(service["ASPNETCORE_URLS"].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        string healthcheck = string.Join(' ', _compose.Service("callmetrics")["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()));

        _compose.ContainerPorts("callmetrics").Should().Equal(port);
        healthcheck.Should().Contain($"http://127.0.0.1:{port}/healthz");
        Regex.IsMatch(File.ReadAllText(RepositoryFiles.Dockerfile), $@"^EXPOSE {port}$", RegexOptions.Multiline).Should().BeTrue();
    }

    [Fact]
    public void The_service_runs_as_in_the_chart_non_root_read_only_with_state_on_a_volume()
    {
        JsonObject service = _compose.Service("callmetrics");
        string stateDirectory = _compose.Environment("callmetrics")["CallMetrics__Pipeline__StateDirectory"];

        service["user"]!.GetValue<string>().Should().Be("10001:10001");
        service["read_only"]!.GetValue<bool>().Should().BeTrue();
        service["tmpfs"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Contain("/tmp");
        _compose.Volumes("callmetrics").Select(v => v.Target).Should().Contain(stateDirectory);
        stateDirectory.Should().Be(ChartTemplates.Values()["persistence"]!["mountPath"]!.GetValue<string>());
        _compose.Root["volumes"]!.AsObject().Should().ContainKey(_compose.Volumes("callmetrics").Single(v => v.Target == stateDirectory).Source);
    }

    [Fact]
    public void The_service_starts_after_the_topics_exist_and_influxdb_is_healthy()
    {
        JsonObject dependsOn = _compose.Service("callmetrics")["depends_on"]!.AsObject();

        dependsOn["kafka-init"]!["condition"]!.GetValue<string>().Should().Be("service_completed_successfully");
        dependsOn["influxdb"]!["condition"]!.GetValue<string>().Should().Be("service_healthy");
    }

    [Fact]
    public void The_image_is_built_once_from_the_dockerfile_and_shared_by_service_and_simulator()
    {
        foreach (string name in new[] { "callmetrics", "simulator" })
        {
            JsonObject service = _compose.Service(name);
            service["image"]!.GetValue<string>().Should().Be("callmetrics:local");
            service["build"]!["dockerfile"]!.GetValue<string>().Should().Be("docker/Dockerfile");
            File.Exists(Path.Combine(RepositoryFiles.Root, "docker", service["build"]!["context"]!.GetValue<string>(), "docker", "Dockerfile")).Should().BeTrue();
        }
    }

    [Fact]
    public void The_dockerfile_runs_callmetrics_run_as_a_non_root_user_with_a_healthcheck()
    {
        string dockerfile = File.ReadAllText(RepositoryFiles.Dockerfile);

        dockerfile.Should().Contain("ENTRYPOINT [\"/app/callmetrics\"]").And.Contain("CMD [\"run\"]");
        dockerfile.Should().MatchRegex(@"(?m)^USER 10001:10001$");
        dockerfile.Should().MatchRegex(@"(?m)^HEALTHCHECK .*\n.*/healthz");
        dockerfile.Should().Contain("dotnet publish src/CallMetrics/CallMetrics.csproj -c Release -o /app");
        dockerfile.Should().MatchRegex(@"apt-get install .*curl");
        dockerfile.Should().NotMatchRegex(@"apt-get install .*librdkafka", "the app ships its own librdkafka (librdkafka.redist)");
    }

    private static string Argument(string command, string name)
    {
        Match match = Regex.Match(command, Regex.Escape(name) + @"\s+(?<value>\S+)");
        match.Success.Should().BeTrue($"the command has {name}: {command}");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex(@"(?<topic>[a-z][a-z0-9.-]*):(?<partitions>\d+)")]
    private static partial Regex TopicSpec();
}
