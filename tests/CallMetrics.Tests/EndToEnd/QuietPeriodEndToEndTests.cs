using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// A lull longer than <c>SourceIdleTimeout</c>, then a burst over every partition: partitions that delivered nothing for
/// a while stop holding the watermark back (EventPipeline), but that must not make the burst's events late
/// (METRICS.md: the result must equal that of the sorted input). No sink outage here: it isolates the idle-partition
/// rule from <see cref="SinkOutageEndToEndTests"/>, where a stalled sink also stops deliveries for longer than the timeout.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class QuietPeriodEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Twice the 1 s SourceIdleTimeout of the tests: every partition is idle when the burst starts.</summary>
    private static readonly TimeSpan Lull = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_burst_after_a_lull_longer_than_the_idle_timeout_is_stored_exactly_as_replay_computes_it()
    {
        string tenant = fixture.UniqueName("lull");
        // A burst of tens of thousands of events: more than one fetch of the consumer, so partitions arrive one after another.
        TestEvent[] day =
        [
            .. EventSets.SimulatedDay(tenant + "-day1", Day, agents: 20, seed: 5),
            .. EventSets.SimulatedDay(tenant + "-day2", Day.AddDays(1), agents: 60, seed: 6),
        ];
        EventSets.AgentsLoggedInAtTheEnd(day).Should().BeEmpty("open time at the end would differ legitimately between replay and the service");
        TestEvent[] morning = [.. day.Where(e => e.Timestamp < Day.AddHours(12))];
        TestEvent[] afternoon = [.. day.Where(e => e.Timestamp >= Day.AddHours(12))];
        SeriesSet expected = await EndToEndFixture.ReplayAsync(day);

        string topic = await fixture.CreateTopicAsync("events", partitions: 4);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        using ServiceProcess service = await ServiceProcess.StartAsync(
            fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database)));
        try
        {
            fixture.Produce(topic, morning);
            await EndToEndFixture.WaitForFirstPointsAsync(() => fixture.Influx.ReadAllAsync(database), service, TimeSpan.FromSeconds(60));
            await Task.Delay(Lull); // the lull is the scenario: nothing is produced for longer than the idle timeout
            fixture.Produce(topic, [.. afternoon, TestEvent.Clock(day.Max(e => e.Timestamp).AddDays(2))]);

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(60));
            output.WriteLine($"{morning.Length} events, a lull of {Lull.TotalSeconds} s, then {afternoon.Length}; replay: {expected.SeriesCount} series, {expected.Count} points");
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
