using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Partitions that delivered nothing for <c>SourceIdleTimeout</c> stop holding the watermark back (EventPipeline). That
/// must not make events late that were waiting in Kafka all along (METRICS.md: the result is that of the sorted input).
/// Here the service is frozen while a burst arrives on every partition, so when it resumes every partition has a backlog
/// and every partition has delivered nothing for longer than the timeout. No sink outage: this isolates the idle-partition
/// rule from <see cref="SinkOutageEndToEndTests"/>, where a stalled sink stops deliveries in the same way.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class IdlePartitionEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Twice the 1 s SourceIdleTimeout of the tests.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_backlog_on_every_partition_after_a_pause_longer_than_the_idle_timeout_is_stored_exactly_as_replay_computes_it()
    {
        output.WriteLine(fixture.BrokerDescription);
        string tenant = fixture.UniqueName("idle");
        // Tens of thousands of events: more than one record batch (10 000) of the service, so partitions are read one after another.
        TestEvent[] events =
        [
            .. EventSets.SimulatedDay(tenant + "-day1", Day, agents: 20, seed: 5),
            .. EventSets.SimulatedDay(tenant + "-day2", Day.AddDays(1), agents: 60, seed: 6),
        ];
        EventSets.AgentsLoggedInAtTheEnd(events).Should().BeEmpty("open time at the end would differ legitimately between replay and the service");
        TestEvent[] morning = [.. events.Where(e => e.Timestamp < Day.AddHours(12))];
        TestEvent[] backlog = [.. events.Where(e => e.Timestamp >= Day.AddHours(12))];
        SeriesSet expected = await EndToEndFixture.ReplayAsync(events);

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
            service.Pause();
            try
            {
                fixture.Produce(topic, [.. backlog, TestEvent.Clock(events.Max(e => e.Timestamp).AddDays(2))]);
                await Task.Delay(Pause); // the pause is the scenario: longer than the idle timeout, whatever the producer's speed
            }
            finally
            {
                service.Resume();
            }

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(60));
            output.WriteLine($"{morning.Length} events, then {backlog.Length} while the service was frozen; replay: {expected.SeriesCount} series, {expected.Count} points");
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
