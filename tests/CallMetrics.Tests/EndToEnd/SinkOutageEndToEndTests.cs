using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// InfluxDB stopped mid-stream while more events arrive, then started again on the same port and data: the service loses
/// nothing (the final series equal replay, as for an uninterrupted run), its memory stays bounded (back-pressure, not
/// buffering), and it does not commit offsets past data it could not write.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SinkOutageEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    // Measured for this workload: 160-400 MB across runs on a loaded 2-core machine (JIT, the actor system, the GC's
    // budgets, the KPIs' per-window values); a service that buffered instead of pausing the consumer keeps growing.
    private const long MemoryBound = 512L * 1024 * 1024;
    private const int Partitions = 4;
    private static readonly DateTimeOffset FirstDay = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the outage lasts after the last event was produced into it.</summary>
    private static readonly TimeSpan OutageAfterProducing = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task After_an_InfluxDB_outage_the_series_equal_replay_memory_stayed_bounded_and_no_offset_passed_unwritten_data()
    {
        output.WriteLine(fixture.BrokerDescription);
        if (fixture.Influx.Local is null)
        {
            output.WriteLine($"skipped: the outage test stops and starts InfluxDB, which it cannot do to the {fixture.Influx.Description}");
            return;
        }

        string tenants = fixture.UniqueName("outage");
        IReadOnlyList<TestEvent> firstDay = EventSets.SimulatedDay(tenants + "-day1", FirstDay, agents: 20, seed: 11);
        IReadOnlyList<TestEvent> secondDay = EventSets.SimulatedDay(tenants + "-day2", FirstDay.AddDays(1), agents: 60, seed: 12);
        IReadOnlyList<TestEvent> scenarios = EventSets.Scenarios(tenants);
        EventSets.AgentsLoggedInAtTheEnd([.. firstDay, .. secondDay, .. scenarios]).Should().BeEmpty("open time at the end would differ legitimately between replay and the service");
        TestEvent[] beforeOutage = [.. firstDay.Where(e => e.Timestamp < FirstDay.AddHours(12))];
        TestEvent[] duringOutage =
        [
            .. firstDay.Where(e => e.Timestamp >= FirstDay.AddHours(12)),
            .. secondDay,
            .. scenarios,
        ];
        SeriesSet expected = await EndToEndFixture.ReplayAsync([.. beforeOutage, .. duringOutage]);

        string topic = await fixture.CreateTopicAsync("events", Partitions);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string group = fixture.UniqueName("group");
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        Dictionary<string, string?> environment = fixture.ServiceEnvironment(topic, group, deadLetters, fixture.Influx.ServiceSettings(database));
        // Retries back off up to 30 s by default; capped here so recovery is seen within seconds of the restart.
        environment["CallMetrics__Influx__MaxRetryDelay"] = "00:00:02";
        // A stalled sink stops deliveries from every partition, which trips the idle-partition rule: with the 1 s timeout
        // of the other tests, the backlog's events are then dead-lettered as late (IdlePartitionEndToEndTests shows that
        // bug on its own). Here the rule is kept out of the way, and a clock event on every partition closes the windows,
        // so this test shows what the outage itself does.
        environment["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:10:00";
        using ServiceProcess service = await ServiceProcess.StartAsync(environment);
        try
        {
            fixture.Produce(topic, beforeOutage);
            await EndToEndFixture.WaitForFirstPointsAsync(() => fixture.Influx.ReadAllAsync(database), service, TimeSpan.FromSeconds(60));
            IReadOnlyDictionary<int, long> committedBefore = fixture.Committed(topic, group, Partitions);

            fixture.Influx.Local.Stop();
            var outage = Stopwatch.StartNew();
            var memory = new List<long>();
            var advanced = new List<string>();
            using var stopSampling = new CancellationTokenSource();
            Task sampling = SampleAsync(service, topic, group, committedBefore, memory, advanced, stopSampling.Token);
            await Task.Run(() =>
            {
                fixture.Produce(topic, duringOutage);
                fixture.ProduceClockToEveryPartition(topic, Partitions, TestEvent.ClockAfter(scenarios.Max(e => e.Timestamp)));
            });
            TimeSpan producing = outage.Elapsed;
            await Task.Delay(OutageAfterProducing);
            await stopSampling.CancelAsync();
            await sampling;
            await fixture.Influx.Local.StartAsync();
            TimeSpan outageLength = outage.Elapsed;

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(90));
            IReadOnlyDictionary<int, long> committedAfter = fixture.Committed(topic, group, Partitions);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{beforeOutage.Length} events before the outage, {duringOutage.Length} produced during it (in {producing.TotalSeconds:F1} s); outage {outageLength.TotalSeconds:F1} s"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"VmRSS during the outage, {memory.Count} samples every {SampleEvery.TotalMilliseconds} ms: min {memory.DefaultIfEmpty().Min() / 1048576.0:F0} MB, max {memory.DefaultIfEmpty().Max() / 1048576.0:F0} MB (bound {MemoryBound / 1048576} MB)"));
            output.WriteLine($"committed offsets before the outage: {Describe(committedBefore)}; after recovery: {Describe(committedAfter)}");
            output.WriteLine($"replay: {expected.SeriesCount} series, {expected.Count} points");

            if (differences.Count > 0)
            {
                output.WriteLine(fixture.DescribeDeadLetters(deadLetters, TimeSpan.FromSeconds(3)));
            }

            // All three findings are reported together: the series, the memory, the offsets.
            using var scope = new FluentAssertions.Execution.AssertionScope();
            differences.Should().BeEmpty(SeriesSet.Describe(differences));
            memory.Should().HaveCountGreaterThan(10, "the process was sampled throughout the outage");
            memory.Max().Should().BeLessThan(MemoryBound, "a full sink applies back-pressure to Kafka instead of buffering (STYLE.md, 10)");
            advanced.Should().BeEmpty("no offset may be committed past data that was not written while InfluxDB was down");
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
    }

    private async Task SampleAsync(
        ServiceProcess service, string topic, string group, IReadOnlyDictionary<int, long> committedBefore,
        List<long> memory, List<string> advanced, CancellationToken stop)
    {
        int tick = 0;
        while (!stop.IsCancellationRequested)
        {
            service.ThrowIfExited();
            memory.Add(service.ResidentBytes());
            if (tick++ % 2 == 0)
            {
                // Offset.Unset (-1001) before means nothing was committed: then any commit during the outage is an advance.
                IReadOnlyDictionary<int, long> now = await Task.Run(() => fixture.Committed(topic, group, Partitions), CancellationToken.None);
                foreach (var (partition, offset) in now)
                {
                    long before = committedBefore.TryGetValue(partition, out long b) ? b : Confluent.Kafka.Offset.Unset.Value;
                    if (offset > before)
                    {
                        advanced.Add($"partition {partition}: committed {offset} during the outage, {before} before it");
                    }
                }
            }

            try
            {
                await Task.Delay(SampleEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static string Describe(IReadOnlyDictionary<int, long> offsets) =>
        string.Join(", ", offsets.OrderBy(o => o.Key).Select(o => o.Value < 0 ? $"{o.Key}: none" : $"{o.Key}: {o.Value}"));
}
