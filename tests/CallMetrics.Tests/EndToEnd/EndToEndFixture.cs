using System.Diagnostics;
using CallMetrics.Commands;
using CallMetrics.Kafka;
using CallMetrics.Tests.Support;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Testcontainers.Kafka;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The servers the end-to-end tests share: a Kafka broker (<see cref="BrokerChoice"/>: the Kafka named by
/// <c>CALLMETRICS_E2E_KAFKA</c>, else an Apache Kafka container started by Testcontainers where a Docker engine is
/// reachable, else the dev broker, librdkafka's mock cluster on 127.0.0.1), an InfluxDB (Debian's 1.x on 127.0.0.1, or
/// the one named by <c>CALLMETRICS_E2E_INFLUX_URL</c>, see <see cref="InfluxEndpoint"/>) and VictoriaMetrics (Debian's,
/// for the 2.x write API). Tests get their own topics, groups and databases from here, so they do not see each other's
/// data, and each prints <see cref="BrokerDescription"/>.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private MockKafkaCluster? _cluster;
    private KafkaContainer? _container;
    private int _counter;

    /// <summary>Kafka's <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; private set; } = string.Empty;

    /// <summary>True when the broker is a real Kafka (external or a container), not the dev broker.</summary>
    public bool ExternalKafka => _cluster is null;

    /// <summary>Which broker the suite runs against, where, and why: every end-to-end test prints it.</summary>
    public string BrokerDescription { get; private set; } = string.Empty;

    internal InfluxEndpoint Influx { get; private set; } = null!;

    internal VictoriaMetricsServer VictoriaMetrics { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string? external = Environment.GetEnvironmentVariable(BrokerChoice.ExternalVariable);
        string? setting = Environment.GetEnvironmentVariable(BrokerChoice.BrokerVariable);
        // An external cluster needs no Docker: ask Testcontainers only when its answer matters.
        string problem = string.Empty;
        bool docker = string.IsNullOrWhiteSpace(external) && setting?.Trim() != "dev" && DockerEngine.IsReachable(out problem);
        BrokerChoice choice = BrokerChoice.Decide(external, setting, docker, problem);
        string what;
        switch (choice.Kind)
        {
            case BrokerKind.External:
                BootstrapServers = external!;
                what = "external Kafka";
                break;
            case BrokerKind.KafkaContainer:
                _container = KafkaContainerSettings.CreateBuilder().Build();
                await _container.StartAsync();
                BootstrapServers = KafkaContainerSettings.BootstrapServersOf(_container.GetBootstrapAddress());
                what = $"Apache Kafka container {KafkaContainerSettings.Image} (Testcontainers)";
                break;
            default:
                _cluster = new MockKafkaCluster(brokerCount: 1);
                BootstrapServers = _cluster.BootstrapServers;
                what = $"dev broker (mock cluster of {KafkaNative.Description})";
                break;
        }

        BrokerDescription = choice.Describe(BootstrapServers, what);
        Influx = await InfluxEndpoint.StartAsync();
        VictoriaMetrics = await VictoriaMetricsServer.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        VictoriaMetrics?.Dispose();
        Influx?.Dispose();
        _cluster?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A name no other test uses (topics, groups, databases, tenants): letters, digits and '_' only.</summary>
    public string UniqueName(string purpose) => $"{purpose}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Creates a topic no other test uses.</summary>
    public async Task<string> CreateTopicAsync(string purpose, int partitions)
    {
        string name = UniqueName(purpose);
        if (_cluster is not null)
        {
            _cluster.CreateTopic(name, partitions);
            return name;
        }

        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1 }]);
        return name;
    }

    /// <summary>The environment of a service that reads <paramref name="topic"/> as <paramref name="group"/> and writes <paramref name="database"/>.</summary>
    internal Dictionary<string, string?> ServiceEnvironment(string topic, string group, string deadLetterTopic, IEnumerable<KeyValuePair<string, string?>> sink)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CallMetrics__Kafka__BootstrapServers"] = BootstrapServers,
            ["CallMetrics__Kafka__Topics__0"] = topic,
            ["CallMetrics__Kafka__GroupId"] = group,
            ["CallMetrics__Kafka__DeadLetterTopic"] = deadLetterTopic,
            // Partitions that get no clock event must stop holding the watermark back soon.
            ["CallMetrics__Pipeline__SourceIdleTimeout"] = "00:00:01",
            // The test events are dated on the spec's example day, weeks behind the wall clock: the wall-clock guards
            // (METRICS.md) would reject them as too_old. The tests of the guards set them again.
            ["CallMetrics__Metrics__MaxFutureSkew"] = "",
            ["CallMetrics__Metrics__MaxEventAge"] = "",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (key, value) in sink)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Produces the events in order (each to the partition of its key) and waits until Kafka has them all.</summary>
    internal void Produce(string topic, IEnumerable<TestEvent> events)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = BootstrapServers });
        foreach (TestEvent e in events)
        {
            producer.Produce(topic, e.KeyBytes, e.JsonBytes);
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }

    /// <summary>Produces one clock event at <paramref name="at"/> to each partition, so no partition holds the watermark back.</summary>
    internal void ProduceClockToEveryPartition(string topic, int partitions, DateTimeOffset at)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = BootstrapServers });
        for (int p = 0; p < partitions; p++)
        {
            TestEvent clock = TestEvent.Clock(at, p);
            producer.Produce(new TopicPartition(topic, new Partition(p)), clock.KeyBytes, clock.JsonBytes);
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }

    /// <summary>What <c>replay --rolling 15m --step 1m</c> computes for the events (the service's default windows).</summary>
    internal static async Task<SeriesSet> ReplayAsync(IEnumerable<TestEvent> events)
    {
        string directory = Directory.CreateTempSubdirectory("callmetrics-e2e-").FullName;
        try
        {
            string input = await EventSets.WriteJsonLinesAsync(events, directory, "events.jsonl");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            int exit = await CommandLine.RunAsync(["replay", "--input", input, "--rolling", "15m", "--step", "1m", "--quiet"], stdout, stderr, CancellationToken.None);
            exit.Should().Be(0, stderr.ToString());
            return SeriesSet.FromLineProtocol(stdout.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Reads the stored series every 500 ms until they equal <paramref name="expected"/>, or stop changing for 10 s while
    /// still different, or <paramref name="timeout"/> passes (never a fixed sleep); returns the differences of the last
    /// read (none when they matched).
    /// </summary>
    internal static async Task<IReadOnlyList<string>> WaitForSeriesAsync(
        Func<Task<SeriesSet>> read, SeriesSet expected, ServiceProcess service, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var unchanged = Stopwatch.StartNew();
        int lastSignature = 0;
        while (true)
        {
            service.ThrowIfExited();
            SeriesSet actual = await read();
            IReadOnlyList<string> differences = SeriesSet.Differences(expected, actual);
            int signature = actual.Signature();
            if (signature != lastSignature)
            {
                lastSignature = signature;
                unchanged.Restart();
            }

            if (differences.Count == 0 || clock.Elapsed > timeout || (actual.Count > 0 && unchanged.Elapsed > TimeSpan.FromSeconds(10)))
            {
                return differences;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Reads the stored series every 250 ms until there is any point (bounded by <paramref name="timeout"/>).</summary>
    internal static async Task WaitForFirstPointsAsync(Func<Task<SeriesSet>> read, ServiceProcess service, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await read()).Count == 0)
        {
            service.ThrowIfExited();
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the service wrote nothing within {timeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>The group's committed offsets for the partitions (<see cref="Offset.Unset"/> where nothing is committed).</summary>
    internal IReadOnlyDictionary<int, long> Committed(string topic, string group, int partitions)
    {
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
        List<TopicPartitionOffset> committed = consumer.Committed(
            Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, new Partition(p))), TimeSpan.FromSeconds(10));
        return committed.ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
    }

    /// <summary>
    /// What reached a dead-letter topic (read for up to <paramref name="readFor"/>): counts by reason code and source
    /// partition, with the first full reason of each, for diagnostics.
    /// </summary>
    internal string DescribeDeadLetters(string topic, TimeSpan readFor)
    {
        IReadOnlyList<ConsumeResult<byte[], byte[]>> letters = ReadAll(topic, int.MaxValue, readFor);
        static string Header(ConsumeResult<byte[], byte[]> letter, string name) =>
            letter.Message.Headers.TryGetLastBytes(name, out byte[] value) ? System.Text.Encoding.UTF8.GetString(value) : "?";
        var lines = letters
            .GroupBy(l => (Code: Header(l, DeadLetterHeaders.Reason).Split(':')[0], Partition: Header(l, DeadLetterHeaders.SourcePartition)))
            .OrderBy(g => g.Key.Code, StringComparer.Ordinal).ThenBy(g => g.Key.Partition, StringComparer.Ordinal)
            .Select(g => $"  {g.Count()} x {g.Key.Code} from partition {g.Key.Partition}, e.g. \"{Header(g.First(), DeadLetterHeaders.Reason)}\"");
        return $"{letters.Count} dead letter(s)" + string.Concat(lines.Select(l => "\n" + l));
    }

    /// <summary>
    /// Reads partition 0 of <paramref name="topic"/> (the tests' dead-letter topics have one) from the beginning until
    /// <paramref name="count"/> messages arrived or <paramref name="timeout"/> passed. Assigned, not subscribed: no group join.
    /// </summary>
    internal IReadOnlyList<ConsumeResult<byte[], byte[]>> ReadAll(string topic, int count, TimeSpan timeout)
    {
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = UniqueName("reader"),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, new Partition(0), Offset.Beginning));
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var clock = Stopwatch.StartNew();
        while (results.Count < count && clock.Elapsed < timeout)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }
}
