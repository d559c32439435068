using System.Globalization;
using System.Text.Json;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Alerts;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The live-state scenario through Kafka → <c>callmetrics run</c> with its alert rules and a webhook (a real HTTP
/// listener on 127.0.0.1) → InfluxDB 1.x: the state series equal <c>replay --rolling</c>, and the webhook receives
/// byte for byte, in order, the alerts <c>replay --alert-rules ... --alerts-out</c> writes for the same events.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AlertsEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const string Scenario = "live-state-and-alerts";
    private static readonly string[] States = ["queue_state", "team_state", "tenant_state"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_service_writes_replays_state_series_and_posts_replays_alerts_to_its_webhook(bool webhookDownUntilTheSeriesAreWritten)
    {
        output.WriteLine(fixture.BrokerDescription);
        string tenant = fixture.UniqueName("alerts");
        TestEvent[] events = [.. File.ReadLines(ScenarioFiles.Events(Scenario)).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => TestEvent.FromLine(l, tenant)).OrderBy(e => e.Timestamp)];
        // The state series only: the scenario leaves agents logged in, whose open time replay stops at its last event
        // while the service counts it up to the clock event (so interval metrics differ legitimately).
        SeriesSet expected = (await EndToEndFixture.ReplayAsync(events)).Only(States);
        IReadOnlyList<string> expectedAlerts = await ReplayAlertsAsync(events);
        expectedAlerts.Should().HaveCountGreaterThan(5, "the scenario fires and resolves each rule");
        expected.Points.Keys.Should().Contain(p => p.Measurement == "queue_state").And.Contain(p => p.Measurement == "team_state").And.Contain(p => p.Measurement == "tenant_state");

        int port = FreePort();
        WebhookReceiver? webhook = webhookDownUntilTheSeriesAreWritten ? null : await WebhookReceiver.StartAsync(_ => 200, port);
        var webhookUrl = new Uri($"http://127.0.0.1:{port}/hooks/secret-token");
        string topic = await fixture.CreateTopicAsync("events", partitions: 4);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        var environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));
        environment["CallMetrics__Alerts__Rules"] = ScenarioFiles.Rules(Scenario);
        environment["CallMetrics__Alerts__Webhooks__0"] = webhookUrl.ToString();
        environment["CallMetrics__Alerts__WebhookMaxRetryDelay"] = "00:00:01";
        using ServiceProcess service = await ServiceProcess.StartAsync(environment);
        try
        {
            fixture.Produce(topic, [.. events, TestEvent.Clock(events.Max(e => e.Timestamp).AddDays(2))]);

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                async () => (await fixture.Influx.ReadAllAsync(database)).Only(States), expected, service, TimeSpan.FromSeconds(90));
            differences.Should().BeEmpty(SeriesSet.Describe(differences));

            // Down while every change was made: they wait in the webhook's queue and come once it is up.
            if (webhook is null)
            {
                service.Output.Should().Contain("attempt failed", "the service tried the webhook while it was down");
                webhook = await WebhookReceiver.StartAsync(_ => 200, port);
            }

            // METRICS: replay's instants end at the first step after its last event; the service goes on to the clock
            // event, so only the changes at instants replay also evaluated are compared (the same rule as for the series).
            long lastInstant = SeriesSet.LastRollingInstant(expected.Points.Keys);
            List<string> received = [];
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                received = [.. webhook.Bodies.Where(body => Tenant(body) == tenant && At(body) <= lastInstant)];
                if (received.Count >= expectedAlerts.Count)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }

            output.WriteLine($"{events.Length} events; replay: {expected.Count} points, {expectedAlerts.Count} alerts; webhook: {webhook.Bodies.Count} posts");
            received.Should().Equal(expectedAlerts, "the webhook gets replay's --alerts-out lines, the same bytes in the same order");
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
        finally
        {
            if (webhook is not null)
            {
                await webhook.DisposeAsync();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<IReadOnlyList<string>> ReplayAlertsAsync(IEnumerable<TestEvent> events)
    {
        string directory = Directory.CreateTempSubdirectory("callmetrics-e2e-alerts-").FullName;
        try
        {
            string input = await EventSets.WriteJsonLinesAsync(events, directory, "events.jsonl");
            string alerts = Path.Combine(directory, "alerts.jsonl");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            int exit = await CommandLine.RunAsync(
                ["replay", "--input", input, "--rolling", "15m", "--step", "1m", "--quiet", "--alert-rules", ScenarioFiles.Rules(Scenario), "--alerts-out", alerts],
                stdout,
                stderr,
                CancellationToken.None);
            exit.Should().Be(0, stderr.ToString());
            return await File.ReadAllLinesAsync(alerts);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? Tenant(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("tags").TryGetProperty("tenant", out var tenant) ? tenant.GetString() : null;
    }

    private static long At(string body)
    {
        using var json = JsonDocument.Parse(body);
        var at = DateTimeOffset.Parse(json.RootElement.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
        return at.ToUnixTimeMilliseconds() * 1_000_000;
    }
}
