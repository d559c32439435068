using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Producers with wrong clocks (METRICS.md "Wall-clock guards"), through <c>callmetrics run</c> with its default guards:
/// a 1970 event is dead-lettered as <c>too_old</c> and the service keeps consuming in bounded memory; an event six
/// days ahead is dead-lettered as <c>future</c> and makes no other tenant's event late. The good events, dated in the
/// last hour, give exactly replay's series.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileClockEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const long MemoryBound = 400L * 1024 * 1024;

    [Fact]
    public async Task A_1970_event_is_dead_lettered_as_too_old_and_the_service_keeps_consuming_in_bounded_memory()
    {
        var (good, now) = RecentScenarios(fixture.UniqueName("old"));
        TestEvent hostile = At(good.First(e => e.Json.Contains("\"agent.login\"", StringComparison.Ordinal)), DateTimeOffset.UnixEpoch);

        var (letters, service) = await RunAsync(good, now, partitions: 2, hostilePartition: 0, hostile);
        using (service)
        {
            letters.Should().ContainSingle().Which.Should().StartWith("too_old: ts 1970-01-01T00:00:00Z is more than 7d behind the clock");
        }
    }

    [Fact]
    public async Task An_event_six_days_ahead_is_dead_lettered_as_future_and_no_other_tenants_event_is_late()
    {
        var (good, now) = RecentScenarios(fixture.UniqueName("other"));
        TestEvent hostile = At(TestEvent.FromLine(
            """{"event_id":"skewed-1","type":"agent.login","ts":"2026-11-22T09:00:00Z","agent_id":"x1"}""", fixture.UniqueName("skewed")), now.AddDays(6));

        var (letters, service) = await RunAsync(good, now, partitions: 2, hostilePartition: 0, hostile);
        using (service)
        {
            letters.Should().ContainSingle("the other tenant's events are not late").Which.Should().StartWith("future: ").And.Contain("is more than 5m ahead of the clock");
        }
    }

    /// <summary>
    /// Produces the hostile event to <paramref name="hostilePartition"/> first, then the good events by key and a clock
    /// event at <paramref name="now"/> to every partition; waits for replay's series of the good events, sampling the
    /// service's memory; returns the dead letters' reasons.
    /// </summary>
    private async Task<(IReadOnlyList<string> Letters, ServiceProcess Service)> RunAsync(
        IReadOnlyList<TestEvent> good, DateTimeOffset now, int partitions, int hostilePartition, TestEvent hostile)
    {
        output.WriteLine(fixture.BrokerDescription);
        SeriesSet expected = await EndToEndFixture.ReplayAsync(good);
        string topic = await fixture.CreateTopicAsync("events", partitions);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        Dictionary<string, string?> environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));

        // The service's own defaults: 5 min ahead, 7 days behind.
        environment.Remove("CallMetrics__Metrics__MaxFutureSkew");
        environment.Remove("CallMetrics__Metrics__MaxEventAge");
        ServiceProcess service = await ServiceProcess.StartAsync(environment);
        try
        {
            using (var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = fixture.BootstrapServers }))
            {
                producer.Produce(new TopicPartition(topic, new Partition(hostilePartition)), hostile.KeyBytes, hostile.JsonBytes);
                producer.Flush();
                producer.ThrowIfAnyFailed();
            }

            fixture.Produce(topic, good);
            fixture.ProduceClockToEveryPartition(topic, partitions, now);

            var memory = new List<long>();
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    memory.Add(service.ResidentBytes());
                    await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
                }
            });
            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(90));
            await sampling.CancelAsync();
            await sampler;
            output.WriteLine($"VmRSS: {memory.Count} samples, max {memory.DefaultIfEmpty().Max() / 1048576.0:F0} MB");
            differences.Should().BeEmpty(SeriesSet.Describe(differences) + "\n" + fixture.DescribeDeadLetters(deadLetters, TimeSpan.FromSeconds(2)));
            memory.Should().OnlyContain(bytes => bytes < MemoryBound);

            IReadOnlyList<string> letters = [.. fixture.ReadAll(deadLetters, int.MaxValue, TimeSpan.FromSeconds(5))
                .Select(l => l.Message.Headers.TryGetLastBytes(DeadLetterHeaders.Reason, out byte[] value) ? Encoding.UTF8.GetString(value) : "(no reason)")];
            foreach (string letter in letters)
            {
                output.WriteLine("dead letter: " + letter);
            }

            return (letters, service);
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            service.Dispose();
            throw;
        }
    }

    /// <summary>The spec scenarios moved to start on a quarter hour 60 to 75 minutes ago (inside the guards), and now.</summary>
    private static (IReadOnlyList<TestEvent> Events, DateTimeOffset Now) RecentScenarios(string tenant)
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        IReadOnlyList<TestEvent> all = EventSets.Scenarios(tenant);
        DateTimeOffset first = all.Min(e => e.Timestamp);

        // Their first hour only: repeat-contacts goes on for eight days, which would put its later calls days ahead of
        // the wall clock (dead-lettered as future by the service, counted by replay, which has no wall clock).
        IReadOnlyList<TestEvent> events = [.. all.Where(e => e.Timestamp < first + TimeSpan.FromHours(1))];
        var start = new DateTimeOffset((now - TimeSpan.FromMinutes(60)).UtcTicks / TimeSpan.TicksPerMinute / 15 * 15 * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        TimeSpan shift = start - first;
        return ([.. events.Select(e => At(e, e.Timestamp + shift))], now);
    }

    private static TestEvent At(TestEvent e, DateTimeOffset at)
    {
        JsonObject json = JsonNode.Parse(e.Json)!.AsObject();
        json["ts"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return e with { Timestamp = at, Json = json.ToJsonString() };
    }
}
