using System.Globalization;
using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// METRICS.md "Partitioned input" through <c>callmetrics run</c>: the same chaotic input (out of order within the
/// lateness, copies, late events) on four partitions, read once as a backlog and once partition by partition in
/// another order, gives identical series, equal to the engine run with each event's partition as its source (lateness
/// judged per partition, equal times applied by partition).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PartitionedInputEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_same_partitions_read_in_two_different_orders_give_the_per_partition_reference()
    {
        output.WriteLine(fixture.BrokerDescription);
        string tenant = fixture.UniqueName("parts");
        IReadOnlyList<TestEvent> day = EventSets.SimulatedDay(tenant, Day, agents: 20, seed: 7);
        EventSets.AgentsLoggedInAtTheEnd(day).Should().BeEmpty("replay stops open time at the last event, the service at the clock");
        List<List<TestEvent>> partitions = Chaos(day, seed: 11);
        DateTimeOffset clock = day.Max(e => e.Timestamp).AddDays(2);
        var (expected, late) = Reference(partitions);
        late.Should().BePositive("the input has late events");

        SeriesSet backlog = await RunAsync(partitions, clock, expected, produceFirst: true, order: [0, 1, 2, 3]);
        SeriesSet oneByOne = await RunAsync(partitions, clock, expected, produceFirst: false, order: [3, 1, 0, 2]);

        SeriesSet.Differences(backlog, oneByOne).Should().BeEmpty("the two readings give the same series");
        output.WriteLine($"{partitions.Sum(p => p.Count)} messages on {Partitions} partitions, {late} late; {expected.SeriesCount} series, {expected.Count} points");
    }

    /// <summary>
    /// One service over a new topic: with <paramref name="produceFirst"/>, everything is produced before it starts (a
    /// backlog read in whatever interleaving the consumer fetches); otherwise it starts first and gets the partitions one
    /// at a time in <paramref name="order"/>, each only once it has read the one before. Then a clock event on every
    /// partition; returns the stored series once they equal <paramref name="expected"/> (or stop changing).
    /// </summary>
    private async Task<SeriesSet> RunAsync(List<List<TestEvent>> partitions, DateTimeOffset clock, SeriesSet expected, bool produceFirst, int[] order)
    {
        string topic = await fixture.CreateTopicAsync("events", Partitions);
        string deadLetters = await fixture.CreateTopicAsync("dead", partitions: 1);
        string database = fixture.UniqueName("db");
        await fixture.Influx.CreateDatabaseAsync(database);
        Dictionary<string, string?> environment = fixture.ServiceEnvironment(topic, fixture.UniqueName("group"), deadLetters, fixture.Influx.ServiceSettings(database));

        // No partition may go idle while another is produced: an event of a partition that was idle may be late.
        environment["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:10:00";
        if (produceFirst)
        {
            foreach (int p in order)
            {
                ProduceTo(topic, p, partitions[p]);
            }
        }

        using ServiceProcess service = await ServiceProcess.StartAsync(environment);
        try
        {
            if (!produceFirst)
            {
                long produced = 0;
                using var http = new HttpClient { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromSeconds(10) };
                foreach (int p in order)
                {
                    ProduceTo(topic, p, partitions[p]);
                    produced += partitions[p].Count;
                    await WaitForRecordsAsync(http, service, produced, TimeSpan.FromSeconds(60));
                }
            }

            fixture.ProduceClockToEveryPartition(topic, Partitions, clock);
            IReadOnlyList<string> differences = await EndToEndFixture.WaitForSeriesAsync(
                () => fixture.Influx.ReadAllAsync(database), expected, service, TimeSpan.FromSeconds(120));
            differences.Should().BeEmpty(SeriesSet.Describe(differences) + "\n" + fixture.DescribeDeadLetters(deadLetters, TimeSpan.FromSeconds(2)));
            return await fixture.Influx.ReadAllAsync(database);
        }
        catch
        {
            output.WriteLine("service output:\n" + service.Output);
            throw;
        }
    }

    private void ProduceTo(string topic, int partition, IEnumerable<TestEvent> events)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = fixture.BootstrapServers });
        foreach (TestEvent e in events)
        {
            producer.Produce(new TopicPartition(topic, new Partition(partition)), e.KeyBytes, e.JsonBytes);
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }

    /// <summary>Polls <c>/metrics</c> until the service has read <paramref name="count"/> records.</summary>
    private static async Task WaitForRecordsAsync(HttpClient http, ServiceProcess service, long count, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            service.ThrowIfExited();
            string text = await http.GetStringAsync("/metrics");
            string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith("callmetrics_records_in_total", StringComparison.Ordinal));
            if (line is not null && double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) >= count)
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"the service read fewer than {count} records within {timeout}: {line}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>
    /// Each partition's messages (the events keyed to it): delayed by up to the lateness, a copy now and then a few
    /// places later, and some agent state changes moved far later (late in their partition).
    /// </summary>
    private static List<List<TestEvent>> Chaos(IReadOnlyList<TestEvent> day, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Partitions).Select(p =>
        {
            List<TestEvent> messages = [.. day
                .Where(e => PartitionOf(e.Key) == p)
                .Select(e => (Event: e, Arrival: e.Timestamp.AddMilliseconds(random.Next(0, 60_000))))
                .OrderBy(x => x.Arrival)
                .Select(x => x.Event)];
            for (int i = 0; i < messages.Count; i += 5 + random.Next(10))
            {
                if (messages[i].Json.Contains("\"agent.state\"", StringComparison.Ordinal) && random.Next(3) == 0)
                {
                    TestEvent moved = messages[i];
                    messages.RemoveAt(i);
                    messages.Insert(Math.Min(messages.Count, i + 100 + random.Next(100)), moved);
                }
                else
                {
                    messages.Insert(Math.Min(messages.Count, i + 1 + random.Next(4)), messages[i]);
                }
            }

            return messages;
        })];
    }

    private static int PartitionOf(string key)
    {
        int hash = 17;
        foreach (char c in key)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (int)((uint)hash % Partitions);
    }

    /// <summary>The engine with each partition as a source ranked by its number (the service's rank for topic 0), as replay's windows.</summary>
    private static (SeriesSet Series, long Late) Reference(List<List<TestEvent>> partitions)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var formatter = new LineProtocolFormatter(symbols);
        var lines = new StringBuilder();
        var engine = new MetricsEngine(new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) }, new Sink(formatter, lines), names: symbols);
        for (int p = 0; p < Partitions; p++)
        {
            engine.RegisterSource(p, rank: p);
        }

        for (int p = 0; p < Partitions; p++)
        {
            foreach (TestEvent e in partitions[p])
            {
                decoder.Decode(e.JsonBytes, out CanonicalEvent decoded).IsOk.Should().BeTrue(e.Json);
                engine.Accept(decoded, p);
            }
        }

        engine.Complete();
        return (SeriesSet.FromLineProtocol(lines.ToString()), engine.Counters.Late);
    }

    private sealed class Sink(LineProtocolFormatter formatter, StringBuilder lines) : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows) => formatter.Format(windows, lines);
    }
}
