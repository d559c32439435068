using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Where a machine has Docker, the end-to-end suite also runs against Apache Kafka and InfluxDB 2 containers: this test
/// starts them on 127.0.0.1 and runs the other end-to-end tests in a child <c>dotnet test</c> with the
/// <c>CALLMETRICS_E2E_*</c> variables that make <see cref="EndToEndFixture"/> use them instead of the local servers
/// (docs/TESTING.md). Without a working Docker engine it says so in its output and returns.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DockerEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const string KafkaImage = "apache/kafka:3.9.0";
    private const string InfluxImage = "influxdb:2.7";
    private const string Org = "callmetrics";
    private const string Token = "callmetrics-e2e-token";

    [Fact]
    public async Task The_end_to_end_suite_passes_against_Kafka_and_InfluxDB_2_containers_where_Docker_is_available()
    {
        output.WriteLine(fixture.BrokerDescription);
        if (Environment.GetEnvironmentVariable("CALLMETRICS_E2E_KAFKA") is { Length: > 0 })
        {
            output.WriteLine("skipped: already running against external servers (CALLMETRICS_E2E_KAFKA is set)");
            return;
        }

        if (!await Docker.IsAvailableAsync())
        {
            output.WriteLine("skipped: no Docker engine on this machine (`docker info` failed); the suite ran against the local mock broker and InfluxDB 1.x");
            return;
        }

        string suffix = Guid.NewGuid().ToString("N")[..8];
        string kafka = "callmetrics-e2e-kafka-" + suffix, influx = "callmetrics-e2e-influx-" + suffix;
        int kafkaPort = FreePort(), influxPort = FreePort();
        try
        {
            await DockerAsync(
                "run", "-d", "--name", kafka, "-p", $"127.0.0.1:{kafkaPort}:9092",
                "-e", "KAFKA_NODE_ID=1", "-e", "KAFKA_PROCESS_ROLES=broker,controller",
                "-e", "KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093",
                "-e", $"KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://127.0.0.1:{kafkaPort}",
                "-e", "KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER",
                "-e", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "-e", "KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093",
                "-e", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1", "-e", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1",
                "-e", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1", "-e", "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0",
                KafkaImage);
            await DockerAsync(
                "run", "-d", "--name", influx, "-p", $"127.0.0.1:{influxPort}:8086",
                "-e", "DOCKER_INFLUXDB_INIT_MODE=setup", "-e", "DOCKER_INFLUXDB_INIT_USERNAME=callmetrics",
                "-e", "DOCKER_INFLUXDB_INIT_PASSWORD=callmetrics-e2e", "-e", $"DOCKER_INFLUXDB_INIT_ORG={Org}",
                "-e", "DOCKER_INFLUXDB_INIT_BUCKET=callmetrics", "-e", $"DOCKER_INFLUXDB_INIT_ADMIN_TOKEN={Token}",
                InfluxImage);
            string influxUrl = $"http://127.0.0.1:{influxPort}";
            await WaitForInfluxAsync(influxUrl);
            await WaitForKafkaAsync($"127.0.0.1:{kafkaPort}");

            var child = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "test", typeof(DockerEndToEndTests).Assembly.Location, "--filter", "FullyQualifiedName~CallMetrics.Tests.EndToEnd&FullyQualifiedName!~Docker" })
            {
                child.ArgumentList.Add(arg);
            }

            child.Environment["CALLMETRICS_E2E_KAFKA"] = $"127.0.0.1:{kafkaPort}";
            child.Environment["CALLMETRICS_E2E_INFLUX_URL"] = influxUrl;
            child.Environment["CALLMETRICS_E2E_INFLUX_API"] = "v2";
            child.Environment["CALLMETRICS_E2E_INFLUX_ORG"] = Org;
            child.Environment["CALLMETRICS_E2E_INFLUX_TOKEN"] = Token;
            using Process process = Process.Start(child)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            output.WriteLine(await stdout + await stderr);
            process.ExitCode.Should().Be(0, "the end-to-end tests pass against Kafka and InfluxDB 2 as against the local servers");
        }
        finally
        {
            await Docker.RunAsync(["rm", "-f", kafka, influx], TimeSpan.FromSeconds(60));
        }
    }

    private static async Task DockerAsync(params string[] args)
    {
        var (exitCode, text) = await Docker.RunAsync(args, TimeSpan.FromMinutes(5));
        exitCode.Should().Be(0, "docker {0} failed: {1}", args[0], text);
    }

    private static async Task WaitForInfluxAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", Token);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri($"{url}/api/v2/orgs?org={Org}"));
                if (response.IsSuccessStatusCode)
                {
                    return; // set up: the org and the token exist
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"InfluxDB 2 at {url} was not set up within 2 minutes"));
    }

    private static async Task WaitForKafkaAsync(string bootstrapServers)
    {
        using Confluent.Kafka.IAdminClient admin = new Confluent.Kafka.AdminClientBuilder(
            new Confluent.Kafka.AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                if (admin.GetMetadata(TimeSpan.FromSeconds(5)).Brokers.Count > 0)
                {
                    return;
                }
            }
            catch (Confluent.Kafka.KafkaException)
            {
                // Not up yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException($"Kafka at {bootstrapServers} did not answer within 2 minutes");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
