using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CallMetrics.Alerts;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Tests.Deployment;
using CallMetrics.Tests.Kafka;
using CallMetrics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CallMetrics.Tests.Http;

/// <summary>
/// <c>/metrics</c> of the running service, read with a strict Prometheus text-format parser: every metric
/// docs/LIVE.md lists is there, with its type, and the counts follow what the service did.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed partial class MetricsEndpointTests(MockKafkaClusterFixture kafka)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_documented_metric_is_exported_with_its_type_and_the_counts_follow_the_events()
    {
        var events = File.ReadAllLines(ScenarioFiles.Events("basic-call")).ToList();
        events.Insert(3, events[2]); // a duplicate (right after its original: a copy behind the watermark would be late)
        events.Add("""{"event_id":"late-1","type":"call.arrived","ts":"2026-11-22T08:00:00Z","call_id":"c9"}"""); // hours behind the watermark
        var topic = kafka.CreateTopic("metrics", partitions: 1);
        kafka.Cluster.CreateTopic(topic + "-dead-letter", 1);
        await using var influx = await InfluxServer.StartNewAsync();
        var app = RunCommand.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--CallMetrics:Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"--CallMetrics:Kafka:Topics:0={topic}",
            $"--CallMetrics:Kafka:DeadLetterTopic={topic}-dead-letter",
            $"--CallMetrics:Kafka:GroupId={MockKafkaClusterFixture.NewGroupId("metrics")}",
            $"--CallMetrics:Influx:Url={influx.Url}",
            "--CallMetrics:Pipeline:ProvisionalInterval=1s",
            "--CallMetrics:Metrics:MaxEventAge=", // the events are dated on the spec's example day, weeks ago
        ]);
        await using var _ = app;
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        using (var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = kafka.BootstrapServers }))
        {
            foreach (var line in events)
            {
                producer.Produce(topic, null, Encoding.UTF8.GetBytes(line));
            }

            producer.Flush();
            producer.ThrowIfAnyFailed();
        }

        // An alert change, published where the evaluator publishes them, so the alert counters have a sample.
        app.Services.GetRequiredService<IAlertChanges>().Publish(AlertChange.Create("long-wait", [new("tenant", "default")], AlertState.Firing, new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), 130));
        var families = await ScrapeUntilAsync(http, f => Value(f, "callmetrics_records_in_total") == events.Count && Value(f, "callmetrics_lines_written_total") > 0);

        foreach (var (name, type) in DocumentedMetrics())
        {
            families.Should().ContainKey(name, "docs/LIVE.md lists it");
            families[name].Type.Should().Be(type, $"docs/LIVE.md says {name} is a {type}");
            families[name].Help.Should().NotBeNullOrWhiteSpace();
        }

        Value(families, "callmetrics_events_accepted_total").Should().Be(events.Count - 2);
        Value(families, "callmetrics_duplicates_total").Should().Be(1);
        families["callmetrics_rejected_total"].Samples.Should().ContainSingle().Which.Labels.Should().Contain("reason", "late");
        Value(families, "callmetrics_lines_out_total").Should().BeGreaterThanOrEqualTo(Value(families, "callmetrics_lines_written_total"));
        Value(families, "callmetrics_sink_healthy").Should().Be(1);
        Value(families, "callmetrics_watermark_lag_seconds").Should().BeGreaterThan(0, "the events are from 2026-11-22, before this test's wall time");
        Value(families, "callmetrics_live_failures_total").Should().Be(0);
        Value(families, "callmetrics_alerts_firing").Should().Be(1);
        families["callmetrics_alert_changes_total"].Samples.Should().ContainSingle().Which.Labels.Should().Contain("rule", "long-wait").And.Contain("state", "firing");
        await app.StopAsync();
    }

    [Fact]
    public async Task Metrics_are_served_as_text_format_0_0_4_before_any_event()
    {
        await using var host = await LiveHost.StartAsync();
        using var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        response.Content.Headers.ContentType.Parameters.Should().Contain(p => p.Name == "version" && p.Value == "0.0.4");
        var families = PrometheusText.Parse(text);
        Value(families, "callmetrics_events_accepted_total").Should().Be(0);
        Value(families, "callmetrics_sink_retries_total").Should().Be(0);
        Value(families, "callmetrics_live_failures_total").Should().Be(0);
        families.Should().NotContainKey("callmetrics_watermark_lag_seconds", "there is no watermark before the first event");
    }

    /// <summary>The names and types of the table under "## /metrics" in docs/LIVE.md.</summary>
    private static IEnumerable<(string Name, string Type)> DocumentedMetrics()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "LIVE.md"));
        var section = text[text.IndexOf("## `/metrics`", StringComparison.Ordinal)..];
        var rows = MetricRow().Matches(section).Select(m => (m.Groups["name"].Value, m.Groups["type"].Value)).ToList();
        rows.Should().HaveCountGreaterThan(10, "the table lists the service's metrics");
        return rows;
    }

    private static double Value(IReadOnlyDictionary<string, PrometheusFamily> families, string name) =>
        families.TryGetValue(name, out var family) && family.Samples.Count == 1 ? family.Samples[0].Value : double.NaN;

    private static async Task<IReadOnlyDictionary<string, PrometheusFamily>> ScrapeUntilAsync(HttpClient http, Func<IReadOnlyDictionary<string, PrometheusFamily>, bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var families = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            if (done(families))
            {
                return families;
            }

            if (waited.Elapsed > s_patience)
            {
                throw new TimeoutException("the counters did not reach the expected values: " + string.Join(", ", families.Values.SelectMany(f => f.Samples).Select(s => $"{s.Name}={s.Value}")));
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"^\| `(?<name>callmetrics_[a-z_]+)(\{[a-z_,]+\})?` \| (?<type>counter|gauge) \|", RegexOptions.Multiline)]
    private static partial Regex MetricRow();
}
