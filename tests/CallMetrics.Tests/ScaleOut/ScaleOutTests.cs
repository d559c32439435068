using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Simulation;
using CallMetrics.Tests.Kafka;
using CallMetrics.Tests.Support;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.ScaleOut;

/// <summary>
/// The issue's scale-out test: three service processes in one group on a mock Kafka cluster, one SIGKILLed and
/// one added while a simulated day is produced; the series in InfluxDB must end up exactly those of
/// <c>callmetrics replay</c> of the same events.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int InputPartitions = 4;
    private const int RepartitionPartitions = 6;
    private const string Database = "callmetrics";
    private static readonly string[] Measurements = ["agent_metrics", "team_metrics", "queue_metrics", "tenant_metrics", "call_type_metrics", "fcr_metrics", "queue_state", "team_state", "tenant_state"];
    private static readonly DateTimeOffset Day = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Three_instances_with_one_killed_and_one_added_mid_stream_write_the_series_of_replay()
    {
        var elapsed = Stopwatch.StartNew();
        output.WriteLine($"started at {TimeProvider.System.GetUtcNow():HH:mm:ss.fff}");
        using var cluster = new MockKafkaCluster(brokerCount: 3);
        var group = "scale-" + Guid.NewGuid().ToString("N")[..8];
        const string input = "call-events";
        cluster.CreateTopic(input, InputPartitions);
        cluster.CreateTopic(input + "-dead-letter", 1);
        cluster.CreateTopic(group + "-by-tenant", RepartitionPartitions);
        cluster.CreateTopic(group + "-checkpoints", RepartitionPartitions);
        await using var influx = await InfluxServer.StartNewAsync();

        var events = SimulatedDay();
        var clock = Enumerable.Range(0, InputPartitions).Select(ClockEvent).ToList();
        var expected = await ReplayAsync(events.Select(e => Encoding.UTF8.GetString(e.Json)).Concat(clock));
        output.WriteLine($"{events.Count} events, {expected.Count} points expected from replay ({elapsed.Elapsed})");

        var environment = new Dictionary<string, string?>
        {
            ["CallMetrics__Kafka__BootstrapServers"] = cluster.BootstrapServers,
            ["CallMetrics__Kafka__GroupId"] = group,
            ["CallMetrics__Kafka__Topics"] = input,
            ["CallMetrics__Kafka__DeadLetterTopic"] = input + "-dead-letter",
            ["CallMetrics__Kafka__SessionTimeout"] = "00:00:06",
            ["CallMetrics__Kafka__HeartbeatInterval"] = "00:00:01",
            ["CallMetrics__Influx__Url"] = influx.Url,
            ["CallMetrics__Influx__Api"] = "v1",
            ["CallMetrics__Influx__Database"] = Database,
            ["CallMetrics__Pipeline__Mode"] = "Scaled",
            ["CallMetrics__Pipeline__RepartitionPartitions"] = RepartitionPartitions.ToString(CultureInfo.InvariantCulture),
            ["CallMetrics__Pipeline__CheckpointInterval"] = "00:00:02",

            // At least twice the session timeout (OPERATIONS.md "Scaling out"): a killed router's input partitions
            // must hold the watermark until their new owner routes them, not go idle and turn their events late.
            ["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:01:00",
            // The events are dated on the spec's example day, weeks behind the wall clock: no wall-clock guards.
            ["CallMetrics__Metrics__MaxFutureSkew"] = "",
            ["CallMetrics__Metrics__MaxEventAge"] = "",
            ["CallMetrics__Pipeline__ProvisionalInterval"] = "00:00:00",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };

        var instances = new List<ServiceInstance>();
        try
        {
            instances.AddRange(new[] { "a", "b", "c" }.Select(name => ServiceInstance.Start(name, environment)));
            var joined = await WaitUntilAsync(async () => (await Task.WhenAll(instances.Select(i => i.IsReadyAsync()))).All(r => r), TimeSpan.FromSeconds(90), "three instances own repartition partitions");
            output.WriteLine($"three instances ready after {joined} ({elapsed.Elapsed})");

            using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = cluster.BootstrapServers });
            var sink = new KafkaSimulatedEventSink(producer, input);
            const int chunks = 50;
            var chunkSize = (events.Count + chunks - 1) / chunks;
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                foreach (var e in events.Skip(chunk * chunkSize).Take(chunkSize))
                {
                    sink.Write(e);
                }

                await sink.FlushAsync(CancellationToken.None);
                if (chunk == 8)
                {
                    // Kill once the instance has checkpointed progress of every partition it owns, so that its
                    // successors must take over real state (the mock's rebalances flap: an owner may hold a
                    // partition for a second only, and then its checkpoint is still the empty one).
                    var progressed = await WaitUntilAsync(() => Task.FromResult(HasCheckpointedProgress(instances[0])), TimeSpan.FromSeconds(60), "instance a checkpointed progress");
                    output.WriteLine($"instance a checkpointed progress ({progressed} waited)");
                    instances[0].Kill();
                    output.WriteLine($"killed instance a after chunk {chunk} ({elapsed.Elapsed})");
                }
                else if (chunk == 32)
                {
                    instances.Add(ServiceInstance.Start("d", environment));
                    output.WriteLine($"started instance d after chunk {chunk} ({elapsed.Elapsed})");
                }

                // A modest pace, so that both rebalances happen while the day is still being produced.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }

            // The added instance must have joined before the end (on a loaded machine the mock's rebalances are slower).
            var added = await WaitUntilAsync(() => instances[^1].IsReadyAsync(), TimeSpan.FromSeconds(90), "the added instance owns repartition partitions");
            output.WriteLine($"instance d ready {added} after the day was produced ({elapsed.Elapsed})");

            // The clock: one far-future event on EVERY input partition, so every origin advances and all windows close.
            for (var p = 0; p < InputPartitions; p++)
            {
                producer.Produce(new TopicPartition(input, new Partition(p)), Encoding.UTF8.GetBytes("clock"), Encoding.UTF8.GetBytes(clock[p]));
            }

            producer.Flush();
            output.WriteLine($"produced the day and the clock ({elapsed.Elapsed})");

            Dictionary<string, string> actual = [];
            try
            {
                await WaitUntilAsync(
                    async () =>
                    {
                        actual = await ReadInfluxAsync(influx);
                        return actual.Count == expected.Count && actual.All(kv => expected.TryGetValue(kv.Key, out var fields) && fields == kv.Value);
                    },
                    TimeSpan.FromSeconds(90),
                    "InfluxDB holds exactly replay's series");
            }
            finally
            {
                output.WriteLine($"compared after {elapsed.Elapsed}: {actual.Count} points in InfluxDB, {expected.Count} from replay");
                foreach (var line in Differences(expected, actual).Take(20))
                {
                    output.WriteLine(line);
                }
            }

            instances.Where(i => i.Name != "a").Should().OnlyContain(i => !i.HasExited, "the surviving instances keep running");

            // The scenario really moved state: a partition the killed instance owned was resumed elsewhere from a
            // checkpoint past its start, and the added instance took partitions with their state.
            var killedOwned = Assignments(instances[0]).Select(a => a.Partition).ToHashSet();
            instances.Skip(1).SelectMany(Assignments).Should().Contain(
                a => killedOwned.Contains(a.Partition) && a.Restored && a.Offset > 0,
                "the killed instance's partitions resume from their checkpoints on other instances");
            Assignments(instances[^1]).Should().Contain(a => a.Restored, "the added instance takes over partitions with their checkpoints");
        }
        catch
        {
            foreach (var instance in instances)
            {
                output.WriteLine($"---- instance {instance.Name} log (last 12000 chars) ----");
                var log = instance.Log;
                output.WriteLine(log.Length > 12_000 ? log[^12_000..] : log);
            }

            throw;
        }
        finally
        {
            // Evidence that partitions and their state moved: every assignment, with where it started.
            foreach (var instance in instances)
            {
                foreach (var line in instance.Log.Split('\n').Where(l => l.Contains("Assigned " + group, StringComparison.Ordinal) || l.Contains("partitions revoked", StringComparison.Ordinal)))
                {
                    output.WriteLine($"[{instance.Name}] {line.Trim()}");
                }

                instance.Dispose();
            }
        }
    }

    private static List<(int Partition, long Offset, bool Restored)> Assignments(ServiceInstance instance) =>
    [
        .. System.Text.RegularExpressions.Regex.Matches(instance.Log, @"Assigned \S+-by-tenant\[(\d+)\]: starting at offset (\d+), (restored|no checkpoint)")
            .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value == "restored")),
    ];

    // The last "Committed offsets" line of the instance (the partitions it checkpointed) has no partition at offset 0.
    private static bool HasCheckpointedProgress(ServiceInstance instance)
    {
        var last = instance.Log.Split('\n').LastOrDefault(l => l.Contains("Committed offsets", StringComparison.Ordinal) && l.Contains("-by-tenant[", StringComparison.Ordinal));
        return last is not null && !System.Text.RegularExpressions.Regex.IsMatch(last, @"-by-tenant\[\d+\]@0\b");
    }

    private static List<SimulatedEvent> SimulatedDay() =>
    [
        .. new CallCenterSimulator(new SimulationOptions
        {
            Seed = 20261122,
            Start = Day,
            Duration = TimeSpan.FromHours(24),
            Agents = 20,
            Teams = 5,
            Queues = 5,
            Tenants = ["acme", "globex", "initech", "umbrella", "hooli"],
        }),
    ];

    private static string ClockEvent(int partition) =>
        $$"""{"event_id":"clock-{{partition}}","type":"agent.logout","ts":"2026-11-24T00:00:00Z","tenant":"clock","agent_id":"clock"}""";

    private async Task<Dictionary<string, string>> ReplayAsync(IEnumerable<string> lines)
    {
        var file = Path.Combine(Path.GetTempPath(), $"scale-out-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            var (exitCode, stdout, stderr) = await CliProcess.RunAsync(["replay", "--input", file, "--rolling", "15m", "--step", "1m", "--quiet"]);
            exitCode.Should().Be(0, stderr);
            var points = new Dictionary<string, string>(StringComparer.Ordinal);
            var metrics = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse).ToList();

            // The service's watermark stops at the clock less the lateness (60 s): the rolling instants after it (replay
            // runs them to the first step after the clock, METRICS.md) never close there. The clock tenant's only line is
            // its state at that first step after the clock, one minute after it.
            var watermark = metrics.Where(m => m.Tag("tenant") == "clock").Select(m => m.Timestamp).DefaultIfEmpty(long.MaxValue).Max() - 120_000_000_000L;
            foreach (var metric in metrics)
            {
                if (metric.Tag("tenant") == "clock" || (metric.Tag("kind") is "rolling" or "state" && metric.Timestamp > watermark))
                {
                    continue; // the clock's own windows never close in the service: not part of the comparison
                }

                points[Key(metric.Measurement, metric.Tags, metric.Timestamp)] =
                    Fields(metric.Fields.Select(f => (f.Key, double.Parse(f.Value.TrimEnd('i'), CultureInfo.InvariantCulture))));
            }

            return points;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<Dictionary<string, string>> ReadInfluxAsync(InfluxServer influx)
    {
        var points = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var measurement in Measurements)
        {
            IReadOnlyList<IReadOnlyDictionary<string, object?>> rows;
            try
            {
                rows = await influx.QueryRowsAsync(Database, $"SELECT * FROM {measurement} GROUP BY *");
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                return points; // the database does not exist yet
            }

            foreach (var row in rows)
            {
                // InfluxDB reports a tag a series lacks as "" (fcr_metrics has agent, team or queue by scope): not a tag.
                var tags = row.Where(c => c.Value is string { Length: > 0 } && c.Key != "time").ToDictionary(c => c.Key, c => (string)c.Value!);
                if (tags.GetValueOrDefault("tenant") == "clock")
                {
                    continue;
                }

                var fields = row.Where(c => c.Key != "time" && c.Value is long or double).Select(c => (c.Key, Convert.ToDouble(c.Value, CultureInfo.InvariantCulture)));
                points[Key(measurement, tags, Convert.ToInt64(row["time"], CultureInfo.InvariantCulture))] = Fields(fields);
            }
        }

        return points;
    }

    private static string Key(string measurement, IReadOnlyDictionary<string, string> tags, long time) =>
        $"{measurement},{string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))} {time}";

    private static string Fields(IEnumerable<(string Name, double Value)> fields) =>
        string.Join(",", fields.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}={f.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    private static IEnumerable<string> Differences(Dictionary<string, string> expected, Dictionary<string, string> actual)
    {
        foreach (var (key, fields) in expected)
        {
            if (!actual.TryGetValue(key, out var got))
            {
                yield return $"missing: {key} {fields}";
            }
            else if (got != fields)
            {
                yield return $"differs: {key}\n  replay: {fields}\n  influx: {got}";
            }
        }

        foreach (var key in actual.Keys.Where(k => !expected.ContainsKey(k)))
        {
            yield return $"extra:   {key} {actual[key]}";
        }
    }

    private static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting until {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return waited.Elapsed;
    }
}
