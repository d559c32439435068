using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The same path through the InfluxDB 2.x write API (org, bucket, token), with VictoriaMetrics as the server: it stores
/// each field as metric <c>measurement_field</c> with the tags as labels, in milliseconds, read back with /api/v1/export.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class VictoriaMetricsEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    /// <summary>Labels VictoriaMetrics adds on its own (the bucket of a 2.x write becomes <c>db</c>).</summary>
    private static readonly HashSet<string> AddedLabels = ["db"];

    [Fact]
    public async Task The_spec_scenarios_through_Kafka_and_the_2x_write_API_are_stored_exactly_as_replay_computes_them()
    {
        output.WriteLine(fixture.BrokerDescription);
        string tenants = fixture.UniqueName("vm");
        IReadOnlyList<TestEvent> events = EventSets.Scenarios(tenants);
        // fcr_metrics are left out: the service rewrites each line as its contacts settle (METRICS.md "Repeat contacts"),
        // and VictoriaMetrics keeps every sample of a rewritten point, exported in no defined order. InfluxDB, which
        // replaces, checks them (InfluxDbEndToEndTests).
        SeriesSet expected = (await EndToEndFixture.ReplayAsync(events)).Without("fcr_metrics");

        string topic = await fixture.CreateTopicAsync("events", partitions: 4);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        Dictionary<string, string?> environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters,
        [
            new("CallMetrics__Influx__Url", fixture.VictoriaMetrics.Url),
            new("CallMetrics__Influx__Api", "v2"),
            new("CallMetrics__Influx__Org", "callmetrics"),
            new("CallMetrics__Influx__Bucket", fixture.UniqueName("bucket")),
            new("CallMetrics__Influx__Token", "e2e-token-not-checked-by-victoria-metrics"),
            // No provisional writes: the final write of a window replaces the provisional one in InfluxDB (same series and
            // timestamp), but VictoriaMetrics keeps both samples, and export shows them in no defined order.
            new("CallMetrics__Pipeline__ProvisionalInterval", "00:00:00"),
        ]);
        using ServiceProcess service = await ServiceProcess.StartAsync(environment);
        try
        {
            fixture.Produce(topic, [.. events, TestEvent.Clock(TestEvent.ClockAfter(events.Max(e => e.Timestamp)))]);

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                async () => SeriesSet.FromVictoriaMetrics(
                    await fixture.VictoriaMetrics.ExportAsync($"{{__name__=~\"((agent|team|queue|tenant|call_type)_metrics|(queue|team|tenant)_state)_.+\",tenant=~\"{tenants}-.+\"}}"),
                    AddedLabels),
                expected,
                service,
                TimeSpan.FromSeconds(60));

            output.WriteLine($"{events.Count} events of {EventSets.ScenarioNames.Count} scenarios; replay: {expected.SeriesCount} series, {expected.Count} points");
            if (differences.Count > 0)
            {
                output.WriteLine(fixture.DescribeDeadLetters(deadLetters, TimeSpan.FromSeconds(3)));
            }

            differences.Should().BeEmpty(SeriesSet.Describe(differences));
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
    }
}
