using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Kafka (4 partitions, keyed as EVENTS.md says) → the service as a separate process → InfluxDB 1.x, read back with
/// InfluxQL: exactly the series <c>replay</c> computes for the same events.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InfluxDbEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly DateTimeOffset SimulatedDay = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_spec_scenarios_and_a_simulated_day_through_Kafka_are_stored_exactly_as_replay_computes_them()
    {
        output.WriteLine(fixture.BrokerDescription);
        string tenants = fixture.UniqueName("e2e");
        IReadOnlyList<TestEvent> day = EventSets.SimulatedDay(tenants + "-sim", SimulatedDay, agents: 20, seed: 7);
        EventSets.AgentsLoggedInAtTheEnd(day).Should().BeEmpty(
            "replay stops open time at the last event while the service counts it up to the clock event, so agents left logged in would make them differ legitimately");
        IReadOnlyList<TestEvent> scenarios = EventSets.Scenarios(tenants);
        scenarios.Min(e => e.Timestamp).Should().BeAfter(day.Max(e => e.Timestamp), "the day is produced first, so nothing is late");
        TestEvent[] events = [.. day, .. scenarios];
        EventSets.AgentsLoggedInAtTheEnd(events).Should().BeEmpty("the scenarios' agents left logged in are logged out at their end");
        SeriesSet expected = await EndToEndFixture.ReplayAsync(events);

        string topic = await fixture.CreateTopicAsync("events", partitions: 4);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        using ServiceProcess service = await ServiceProcess.StartAsync(
            fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database)));
        try
        {
            fixture.Produce(topic, [.. events, TestEvent.Clock(TestEvent.ClockAfter(scenarios.Max(e => e.Timestamp)))]);

            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(90));

            output.WriteLine($"{events.Length} events ({day.Count} simulated, {scenarios.Count} of {EventSets.ScenarioNames.Count} scenarios) on {fixture.Influx.Description}; replay: {expected.SeriesCount} series, {expected.Count} points");
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
