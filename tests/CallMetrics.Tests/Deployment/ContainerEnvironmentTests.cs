using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CallMetrics.Tests.Kafka;
using CallMetrics.Tests.Support;
using Xunit.Abstractions;

namespace CallMetrics.Tests.Deployment;

/// <summary>
/// The container's entrypoint, exercised without a container: the built <c>callmetrics</c> runs <c>run</c> (the image's
/// <c>ENTRYPOINT</c> + <c>CMD</c>) with the environment the compose file or the chart sets, read from those files. Only
/// what a container's network and volumes change is replaced: the broker and InfluxDB addresses (a local mock Kafka
/// cluster and a local InfluxDB 1.x or VictoriaMetrics for the 2.x write API), the listen address and the state
/// directory. It must answer <c>/healthz</c> and exit cleanly on SIGTERM, as <c>docker stop</c> and Kubernetes stop it.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class ContainerEnvironmentTests(MockKafkaClusterFixture kafka, ITestOutputHelper output)
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_compose_services_environment_runs_and_stops_cleanly()
    {
        await using var influx = await VictoriaMetricsServer.StartNewAsync();
        var environment = ComposeFile.Load().Environment("callmetrics");

        await RunAndStopAsync(environment, influx.Url);
    }

    [Fact]
    public async Task The_charts_environment_with_the_v2_api_runs_and_stops_cleanly()
    {
        await using var influx = await VictoriaMetricsServer.StartNewAsync();
        var environment = ChartEnvironment(ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", "default-values.yaml")));

        await RunAndStopAsync(environment, influx.Url);
    }

    [Fact]
    public async Task The_charts_environment_with_the_v1_api_runs_and_stops_cleanly()
    {
        await using var influx = await InfluxServer.StartNewAsync();
        JsonObject values = YamlTree.Merge(
            ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", "default-values.yaml")),
            new JsonObject { ["influx"] = new JsonObject { ["api"] = "v1" } });

        await RunAndStopAsync(ChartEnvironment(values), influx.Url);
    }

    /// <summary>The ConfigMap's variables plus the ones the StatefulSet adds (a pod name, a token from a Secret).</summary>
    private static Dictionary<string, string> ChartEnvironment(JsonObject values)
    {
        var environment = new Dictionary<string, string>(ChartTemplates.RenderConfigMapEnvironment(values), StringComparer.Ordinal);
        foreach (string name in ChartTemplates.StatefulSetEnvironmentNames())
        {
            if (name.EndsWith("group.instance.id", StringComparison.Ordinal))
            {
                environment[name] = "callmetrics-0";
            }
            else if (name == "CallMetrics__Influx__Token" && values["influx"]!["api"]!.GetValue<string>() == "v2")
            {
                environment[name] = "test-token";
            }
        }

        return environment;
    }

    private async Task RunAndStopAsync(IReadOnlyDictionary<string, string> fromFiles, string influxUrl)
    {
        CreateTopics(fromFiles);
        string state = Directory.CreateTempSubdirectory("callmetrics-state-").FullName;
        int port = FreePort();
        var replaced = new Dictionary<string, string>
        {
            ["CallMetrics__Kafka__BootstrapServers"] = kafka.BootstrapServers,
            ["CallMetrics__Influx__Url"] = influxUrl,
            ["CallMetrics__Pipeline__StateDirectory"] = state,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        };
        fromFiles.Keys.Should().Contain(replaced.Keys, "only settings the files make are replaced, none is added");
        var environment = fromFiles.ToDictionary(e => e.Key, e => (string?)e.Value);
        foreach ((string key, string value) in replaced)
        {
            environment[key] = value;
        }

        try
        {
            using Process process = CliProcess.Start(["run"], environment);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                HttpStatusCode? health = await WaitForHealthAsync(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/healthz"));

                health.Should().Be(HttpStatusCode.OK, $"callmetrics run answers /healthz (exit: {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running")})\n{await OutputAsync(process, stdout, stderr)}");

                SendSigterm(process);
                using var stopping = new CancellationTokenSource(s_stopTimeout);
                await process.WaitForExitAsync(stopping.Token);
                process.ExitCode.Should().Be(0, $"SIGTERM is a clean stop\n{await OutputAsync(process, stdout, stderr)}");
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                output.WriteLine(await OutputAsync(process, stdout, stderr));
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private void CreateTopics(IReadOnlyDictionary<string, string> environment)
    {
        foreach (string topic in environment["CallMetrics__Kafka__Topics"].Split(',').Append(environment["CallMetrics__Kafka__DeadLetterTopic"]))
        {
            try
            {
                kafka.Cluster.CreateTopic(topic, partitions: 12);
            }
            catch (InvalidOperationException)
            {
                // Created by an earlier test of this class on the shared cluster.
            }
        }
    }

    private static async Task<HttpStatusCode?> WaitForHealthAsync(Process process, Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        HttpStatusCode? last = null;
        while (clock.Elapsed < s_startTimeout && !process.HasExited)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(health);
                last = response.StatusCode;
                if (last == HttpStatusCode.OK)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return last;
    }

    private static void SendSigterm(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        kill.ExitCode.Should().Be(0);
    }

    private static async Task<string> OutputAsync(Process process, Task<string> stdout, Task<string> stderr)
    {
        if (!process.HasExited)
        {
            return "(still running)";
        }

        return $"stdout:\n{await stdout}\nstderr:\n{await stderr}";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
