using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The two write paths side by side: the same events, read from one topic by two services, one writing through
/// InfluxDB.Client (the v2 API) to VictoriaMetrics, the other through the hand-written 1.x <c>/write</c> to InfluxDB 1.6.7.
/// What the two servers store must be the same series, point for point.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BothWritePathsEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    /// <summary>Labels VictoriaMetrics adds on its own (the bucket of a 2.x write becomes <c>db</c>).</summary>
    private static readonly HashSet<string> AddedLabels = ["db"];

    [Fact]
    public async Task The_same_events_through_InfluxDB_Client_to_VictoriaMetrics_and_through_the_1x_path_to_InfluxDB_give_identical_series()
    {
        output.WriteLine(fixture.BrokerDescription);
        if (fixture.Influx.Local is null)
        {
            output.WriteLine($"skipped: this test compares with the local InfluxDB 1.6.7 and its 1.x path, not the {fixture.Influx.Description}");
            return;
        }

        string tenants = fixture.UniqueName("paths");
        IReadOnlyList<TestEvent> events = EventSets.Scenarios(tenants);
        SeriesSet expected = await EndToEndFixture.ReplayAsync(events);
        string topic = await fixture.CreateTopicAsync("events", partitions: 4);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);

        // No provisional writes on either side: VictoriaMetrics keeps both samples of a rewritten point, InfluxDB the last.
        KeyValuePair<string, string?> noProvisional = new("CallMetrics__Pipeline__ProvisionalInterval", "00:00:00");
        using ServiceProcess v2 = await ServiceProcess.StartAsync(fixture.ServiceEnvironment(
            topic, fixture.UniqueName("group"), await fixture.CreateTopicAsync("dead", partitions: 1),
            [
                new("CallMetrics__Influx__Url", fixture.VictoriaMetrics.Url),
                new("CallMetrics__Influx__Api", "v2"),
                new("CallMetrics__Influx__Org", "callmetrics"),
                new("CallMetrics__Influx__Bucket", fixture.UniqueName("bucket")),
                new("CallMetrics__Influx__Token", "e2e-token-not-checked-by-victoria-metrics"),
                noProvisional,
            ]));
        using ServiceProcess v1 = await ServiceProcess.StartAsync(fixture.ServiceEnvironment(
            topic, fixture.UniqueName("group"), await fixture.CreateTopicAsync("dead", partitions: 1),
            [.. fixture.Influx.ServiceSettings(database), noProvisional]));
        try
        {
            fixture.Produce(topic, [.. events, TestEvent.Clock(TestEvent.ClockAfter(events.Max(e => e.Timestamp)))]);

            Func<Task<SeriesSet>> readVictoriaMetrics = async () => SeriesSet.FromVictoriaMetrics(
                await fixture.VictoriaMetrics.ExportAsync($"{{__name__=~\"((agent|team|queue|tenant|call_type)_metrics|(queue|team|tenant)_state)_.+\",tenant=~\"{tenants}-.+\"}}"),
                AddedLabels);
            // fcr_metrics lines are rewritten as contacts settle (METRICS.md "Repeat contacts"): VictoriaMetrics keeps every
            // sample of a rewritten point, in no defined order, so they are compared on InfluxDB only.
            IReadOnlyList<string> viaClient = await EndToEndFixture.WaitForSeriesAsync(readVictoriaMetrics, expected.Without("fcr_metrics"), v2, TimeSpan.FromSeconds(60));
            IReadOnlyList<string> viaV1 = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, v1, TimeSpan.FromSeconds(60));
            SeriesSet victoriaMetrics = await readVictoriaMetrics();
            SeriesSet influx = await fixture.Influx.ReadAllAsync(database);
            IReadOnlyList<string> between = SeriesSet.Differences(influx.Without("fcr_metrics"), victoriaMetrics);

            output.WriteLine($"{events.Count} events; VictoriaMetrics (v2, InfluxDB.Client): {victoriaMetrics.SeriesCount} series, {victoriaMetrics.Count} points; "
                + $"InfluxDB 1.6.7 (1.x /write): {influx.SeriesCount} series, {influx.Count} points");
            viaClient.Should().BeEmpty(SeriesSet.Describe(viaClient));
            viaV1.Should().BeEmpty(SeriesSet.Describe(viaV1));
            influx.Count.Should().BeGreaterThan(0);
            between.Should().BeEmpty(SeriesSet.Describe(between));
        }
        catch
        {
            output.WriteLine("v2 service output:\n" + v2.Output);
            output.WriteLine("v1 service output:\n" + v1.Output);
            throw;
        }
    }
}
