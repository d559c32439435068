using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Tests.Support;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace CallMetrics.Tests.Hostile;

/// <summary>
/// Thousands of generated hostile messages (mutations of valid events, random bytes, injections, skewed clocks)
/// around a known clean day, fed through <c>callmetrics replay</c> and through the real service process (mock
/// Kafka, real InfluxDB 1.x): nothing crashes, every bad message is dead-lettered once with the reason the test's
/// own oracle expects, the good events count exactly once, and no other series exist.
/// </summary>
public sealed class FuzzTests(InfluxServer influx, ITestOutputHelper log) : IClassFixture<InfluxServer>, IDisposable
{
    private const int Partitions = 3;
    private readonly string _dir = Directory.CreateTempSubdirectory("callmetrics-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Replay_dead_letters_every_hostile_line_with_its_reason_and_counts_the_good_events_exactly_once()
    {
        var stream = HostileStream.Generate(seed: 20261122, rounds: 10, hostilePerGood: 7);

        // EVENTS.md: blank lines in a file are skipped, so blank messages cannot be bad lines of a file.
        var lines = stream.Messages.Where(m => !IsBlank(m.Value)).ToList();
        lines.Count(m => m.ExpectedReason is not null).Should().BeGreaterThan(2500);
        lines.Select(m => m.ExpectedReason).Distinct().Should().Contain(
            ["malformed_json", "not_an_object", "missing_field", "wrong_field_type", "unknown_type", "unknown_schema", "bad_timestamp", "bad_state",
             "bad_score", "bad_value", "late", "too_far_ahead"], "the generator reaches every reason");
        lines.Should().Contain(m => m.Kind == HostileKind.Duplicate, "some mutations are still the very same event");
        var input = Path.Combine(_dir, "hostile.jsonl");
        await using (var file = File.Create(input))
        {
            foreach (var message in lines)
            {
                file.Write(message.Value);
                file.WriteByte((byte)'\n');
            }
        }

        var deadLetters = Path.Combine(_dir, "dead.jsonl");
        var actual = await ReplayAsync(input, deadLetters);
        var expected = await ReplayGoodAsync(stream);

        actual.Should().NotBeEmpty().And.Be(expected, "the good events count exactly once: duplicates are ignored, bad lines change nothing");
        var letters = (await File.ReadAllLinesAsync(deadLetters)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var expectedLetters = lines.Select((m, i) => (Line: i + 1L, m.ExpectedReason)).Where(x => x.ExpectedReason is not null).ToList();
        letters.Select(l => (l.GetProperty("line").GetInt64(), (string?)Code(l.GetProperty("reason").GetString()!)))
            .Should().Equal(expectedLetters, "every bad line is dead-lettered once, in order, with the oracle's reason");
        log.WriteLine($"{lines.Count} lines: {expectedLetters.Count} bad, {lines.Count(m => m.Kind == HostileKind.Duplicate)} duplicates; {letters.Count} dead letters; {actual.Split('\n').Length} lines out");
        letters.Should().OnlyContain(l => l.GetProperty("reason").GetString()!.Length > Code(l.GetProperty("reason").GetString()!).Length + 2, "each reason has a detail");
    }

    [Fact]
    public async Task The_service_fed_hostile_messages_stays_up_dead_letters_each_bad_one_and_writes_exactly_the_good_series()
    {
        var clock = Stopwatch.StartNew();
        var stream = HostileStream.Generate(seed: 7, rounds: 8, hostilePerGood: 7);
        using var cluster = new MockKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("events", Partitions);
        // Four partitions: the mock broker keeps at most 5 MB per partition (older messages are dropped), and the graph
        // publishes a batch's dead letters together, so a burst of large hostile letters outgrew one partition.
        cluster.CreateTopic("dead-letters", DeadLetterPartitions);
        var random = new Random(7);

        // Everything that decodes goes to partition 0, in the order of the day (so its lateness is the replay's);
        // the rest is spread over all partitions. A last bad message marks the end of partition 0.
        var sent = stream.Messages.Append(new HostileMessage("{}"u8.ToArray(), "missing_field", HostileKind.Handcrafted)).ToList();
        var bad = sent.Where(m => m.ExpectedReason is not null).ToList();
        Produce(cluster, sent.Select(m => (m.Decodes || m == sent[^1] ? 0 : random.Next(Partitions), Key(random), m.Kind == HostileKind.Tombstone ? null : m.Value)));

        var environment = new Dictionary<string, string?>
        {
            ["CallMetrics__Kafka__BootstrapServers"] = cluster.BootstrapServers,
            ["CallMetrics__Kafka__Topics__0"] = "events",
            ["CallMetrics__Kafka__GroupId"] = "fuzz",
            ["CallMetrics__Kafka__DeadLetterTopic"] = "dead-letters",
            ["CallMetrics__Influx__Url"] = influx.Url,
            ["CallMetrics__Influx__Database"] = "fuzz",
            ["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:00:01",

            // The day is the spec's example day, weeks behind the wall clock: no age guard. The 5 min future guard stays,
            // so the events ten years ahead are dead-lettered as future (replay, without a clock, says too_far_ahead).
            ["CallMetrics__Metrics__MaxEventAge"] = "",
            ["DOTNET_gcServer"] = "0",
        };
        using var service = CliProcess.Start(["run", "--urls", $"http://127.0.0.1:{FreePort()}"], environment);
        var output = new StringBuilder();
        service.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        service.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var letters = new DeadLetterReader(cluster.BootstrapServers, "dead-letters");
            await letters.ReadUntilAsync(bad.Count, TimeSpan.FromSeconds(75), service);
            service.HasExited.Should().BeFalse(Describe(output));

            // Only now the clock: every partition moves past the day, so every window is final.
            var at = stream.End.AddHours(12).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Produce(cluster, Enumerable.Range(0, Partitions).Select(p => (p, (byte[]?)null, (byte[]?)Encoding.UTF8.GetBytes(
                $"{{\"event_id\":\"clock-{p}\",\"type\":\"agent.logout\",\"ts\":\"{at}\",\"tenant\":\"clock\",\"agent_id\":\"clock\"}}"))));

            var expected = Points(await ReplayGoodAsync(stream));
            var actual = await WaitForPointsAsync("fuzz", expected, service, TimeSpan.FromSeconds(40));
            await letters.ReadUntilAsync(int.MaxValue, TimeSpan.FromSeconds(1), service);

            service.HasExited.Should().BeFalse(Describe(output));
            Differences(expected, actual).Should().BeEmpty("exactly the good series and windows exist, with the values of the good events counted once");

            letters.All.Should().HaveCount(bad.Count, "every bad message is dead-lettered exactly once");
            letters.All.Where(l => Header(l, DeadLetterHeaders.Reason).Length == 0).Should().BeEmpty("every dead letter has a reason header");
            letters.All.Select(l => Code(Header(l, DeadLetterHeaders.Reason))).Order(StringComparer.Ordinal)
                .Should().Equal(bad.Select(m => m.ExpectedReason == "too_far_ahead" ? "future" : m.ExpectedReason!).Order(StringComparer.Ordinal), "each with the reason the oracle expects");
            letters.All.Select(l => Convert.ToBase64String(l.Message.Value ?? [])).Order(StringComparer.Ordinal)
                .Should().Equal(bad.Select(m => Convert.ToBase64String(m.Value)).Order(StringComparer.Ordinal), "each dead letter carries the bad message's bytes");
            var measurements = await influx.QueryRowsAsync("fuzz", "SHOW MEASUREMENTS");
            measurements.Select(m => (string)m["name"]!).Should().BeEquivalentTo(expected.Keys.Select(k => k[..k.IndexOfAny([',', '@'])]).Distinct());
            var series = await influx.QueryRowsAsync("fuzz", "SHOW SERIES");
            series.Should().HaveCount(expected.Keys.Select(k => k[..k.LastIndexOf('@')]).Distinct().Count());
            log.WriteLine(
                $"{sent.Count} messages: {bad.Count} bad, {stream.GoodEvents.Count} good, {sent.Count(m => m.Kind == HostileKind.Duplicate)} duplicates "
                + $"({stream.Rerolled} valid mutations drawn again); {letters.All.Count} dead letters; {actual.Count} points in {series.Count} series; {clock.Elapsed}");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
                await service.WaitForExitAsync();
            }
        }
    }

    private static string Code(string reason) => reason.Split(':')[0];

    private static string Header(ConsumeResult<byte[], byte[]> letter, string name) =>
        letter.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";

    private static bool IsBlank(byte[] value) => value.AsSpan().Trim(" \t"u8).IsEmpty;

    private static byte[]? Key(Random random) => random.Next(0, 4) switch
    {
        0 => null,
        1 => [],
        _ => Encoding.UTF8.GetBytes("k" + random.Next(100).ToString(CultureInfo.InvariantCulture)),
    };

    private static string Describe(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString();
            return "the service must not exit; its output ends:\n" + (text.Length > 4000 ? text[^4000..] : text);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Produce(MockKafkaCluster cluster, IEnumerable<(int Partition, byte[]? Key, byte[]? Value)> messages)
    {
        var failures = 0;
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            LingerMs = 5,
            EnableIdempotence = true,
            MessageMaxBytes = 2_000_000,
        }).Build();
        foreach (var (partition, key, value) in messages)
        {
            producer.Produce(new TopicPartition("events", new Partition(partition)), new Message<byte[]?, byte[]?> { Key = key, Value = value }, r =>
            {
                if (r.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        producer.Flush(TimeSpan.FromSeconds(30)).Should().Be(0, "everything is delivered");
        failures.Should().Be(0);
    }

    private async Task<string> ReplayAsync(string input, string? deadLetters = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        List<string> args = ["replay", "--input", input, "--rolling", "15m", "--step", "1m", "--quiet", "--max-future-skew", "7d"];
        if (deadLetters is not null)
        {
            args.AddRange(["--dead-letter", deadLetters]);
        }

        var exit = await CommandLine.RunAsync([.. args], stdout, stderr, CancellationToken.None);
        exit.Should().Be(0, stderr.ToString());
        return stdout.ToString();
    }

    /// <summary>What <c>replay</c> (with the service's default windows) makes of the good events alone.</summary>
    private async Task<string> ReplayGoodAsync(HostileStream stream)
    {
        var input = Path.Combine(_dir, "good.jsonl");
        await File.WriteAllLinesAsync(input, stream.GoodEvents);
        return await ReplayAsync(input);
    }

    /// <summary>Points by "measurement,tag=value,...@timestamp" (tags sorted, as stored), each with its fields.</summary>
    private static Dictionary<string, Dictionary<string, double>> Points(string lineProtocol) =>
        lineProtocol.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse).ToDictionary(
            l => PointKey(l.Measurement, l.Tags, l.Timestamp),
            l => l.Fields.ToDictionary(f => f.Key, f => double.Parse(f.Value.TrimEnd('i'), CultureInfo.InvariantCulture)));

    private static string PointKey(string measurement, IEnumerable<KeyValuePair<string, string>> tags, long timestamp) =>
        measurement + string.Concat(tags.Where(t => t.Value.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $",{t.Key}={t.Value}"))
        + "@" + timestamp.ToString(CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, Dictionary<string, double>>> ReadPointsAsync(string database)
    {
        var points = new Dictionary<string, Dictionary<string, double>>();
        foreach (var measurement in new[] { "agent_metrics", "queue_metrics", "team_metrics", "tenant_metrics", "call_type_metrics", "fcr_metrics", "queue_state", "team_state", "tenant_state" })
        {
            var result = await influx.QueryAsync(database, $"SELECT * FROM \"{measurement}\" GROUP BY *");
            if (!result.GetProperty("results")[0].TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var s in series.EnumerateArray())
            {
                var tags = s.GetProperty("tags").EnumerateObject().Select(t => new KeyValuePair<string, string>(t.Name, t.Value.GetString()!)).ToList();
                var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                foreach (var row in s.GetProperty("values").EnumerateArray())
                {
                    var cells = row.EnumerateArray().ToArray();
                    var fields = new Dictionary<string, double>();
                    for (var i = 1; i < cells.Length; i++)
                    {
                        if (cells[i].ValueKind == JsonValueKind.Number)
                        {
                            fields[columns[i]] = cells[i].GetDouble();
                        }
                    }

                    points[PointKey(measurement, tags, cells[0].GetInt64())] = fields;
                }
            }
        }

        return points;
    }

    /// <summary>Reads the stored points every 500 ms until they equal the expected ones (bounded; never a fixed sleep).</summary>
    private async Task<Dictionary<string, Dictionary<string, double>>> WaitForPointsAsync(
        string database, Dictionary<string, Dictionary<string, double>> expected, Process service, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var actual = await ReadPointsAsync(database);
            if (Differences(expected, actual).Count == 0 || clock.Elapsed > timeout || service.HasExited)
            {
                return actual;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>The first few points that are missing, extra or different.</summary>
    private static List<string> Differences(Dictionary<string, Dictionary<string, double>> expected, Dictionary<string, Dictionary<string, double>> actual)
    {
        static string Text(Dictionary<string, double> fields) =>
            string.Join(",", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value.ToString("R", CultureInfo.InvariantCulture)));
        var differences = new List<string>();
        foreach (var (key, fields) in expected)
        {
            if (!actual.TryGetValue(key, out var stored))
            {
                differences.Add("missing " + key);
            }
            else if (Text(stored) != Text(fields))
            {
                differences.Add($"{key}: stored {Text(stored)}, expected {Text(fields)}");
            }
        }

        // METRICS: replay's rolling instants end at the first step after the end-of-input clock; the service writes each
        // later one once its watermark passes it. Those later rolling and state points are the service's own.
        static bool RollingOrState(string key) => key.Contains(",kind=rolling", StringComparison.Ordinal) || key.Contains(",kind=state", StringComparison.Ordinal);
        static long Time(string key) => long.Parse(key[(key.LastIndexOf('@') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var lastInstant = expected.Keys.Where(RollingOrState).Select(Time).DefaultIfEmpty(long.MaxValue).Max();
        differences.AddRange(actual.Keys.Where(k => !expected.ContainsKey(k) && !(RollingOrState(k) && Time(k) > lastInstant)).Select(k => "extra " + k));
        return differences.Take(10).ToList();
    }

    private const int DeadLetterPartitions = 4;

    /// <summary>Reads the dead-letter topic (every partition) from the beginning, assigned rather than subscribed.</summary>
    private sealed class DeadLetterReader : IDisposable
    {
        private readonly IConsumer<byte[], byte[]> _consumer;

        public DeadLetterReader(string bootstrapServers, string topic)
        {
            _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = "fuzz-reader",
                EnableAutoCommit = false,

                // The mock broker may answer the first fetch at offset 0 with "offset out of range" while the topic's
                // first letters are being written; librdkafka then resets, and to the end by default: every letter
                // written before that was skipped. Reset to the beginning: a letter is then never missed.
                AutoOffsetReset = AutoOffsetReset.Earliest,
                FetchMaxBytes = 64 << 20,
            }).Build();
            _consumer.Assign(Enumerable.Range(0, DeadLetterPartitions).Select(p => new TopicPartitionOffset(topic, new Partition(p), Offset.Beginning)));
        }

        public List<ConsumeResult<byte[], byte[]>> All { get; } = [];

        /// <summary>Reads until <paramref name="count"/> letters arrived in all, <paramref name="timeout"/> passed, or the service exited.</summary>
        public async Task ReadUntilAsync(int count, TimeSpan timeout, Process service)
        {
            var clock = Stopwatch.StartNew();
            while (All.Count < count && clock.Elapsed < timeout && !service.HasExited)
            {
                var result = await Task.Run(() => _consumer.Consume(TimeSpan.FromMilliseconds(200)));
                if (result is { IsPartitionEOF: false })
                {
                    All.Add(result);
                }
            }
        }

        public void Dispose()
        {
            _consumer.Close();
            _consumer.Dispose();
        }
    }
}
