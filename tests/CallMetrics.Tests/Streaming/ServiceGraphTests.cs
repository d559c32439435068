using System.Text;
using System.Threading.Channels;
using Akka.Streams.Dsl;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using CallMetrics.Streaming.Wiring;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Tests.Streaming;

/// <summary>
/// The streaming graph in process (record batches in, line protocol out; no broker, no server): the same
/// events give the same series as <c>replay</c>, whatever the partitioning, and back-pressure holds.
/// </summary>
public sealed class ServiceGraphTests
{
    [Fact]
    public async Task The_graph_over_four_partitions_writes_exactly_the_series_replay_computes()
    {
        var stream = RandomCallCenter.Generate(21, agents: 15, calls: 200, everyoneLogsOut: true);
        var records = Partitioned("call-events", stream.Lines, partitions: 4);

        var written = await RunGraph(new PipelineOptions { Shards = 2, ProvisionalInterval = TimeSpan.Zero }, records, "call-events");

        var expected = await Replay(stream.Lines, "--rolling", "15m", "--step", "1m");
        AssertSameSeries(written, expected);
    }

    [Fact]
    public async Task A_simulated_day_with_dispositions_and_callers_over_four_partitions_writes_the_series_replay_computes()
    {
        var simulation = new CallMetrics.Simulation.SimulationOptions
        {
            Seed = 7,
            Start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromHours(24),
            Agents = 20,
            Tenants = ["sim"],
        };
        simulation.Validate();
        var lines = new CallMetrics.Simulation.CallCenterSimulator(simulation).Select(e => Encoding.UTF8.GetString(e.Json)).ToList();
        var records = Partitioned("call-events", lines, partitions: 4);

        var written = await RunGraph(new PipelineOptions { Shards = 2, ProvisionalInterval = TimeSpan.Zero }, records, "call-events");

        var expected = await Replay(lines, "--rolling", "15m", "--step", "1m");
        AssertSameSeries(written, expected);
    }

    [Fact]
    public async Task An_asterisk_queue_log_topic_is_translated_in_the_service_as_replay_does()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Inputs", "TestData", "asterisk-normal-day.queue_log");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var options = new PipelineOptions { ProvisionalInterval = TimeSpan.Zero, SourceIdleTimeout = TimeSpan.FromMilliseconds(200) };
        options.InputFormats["asterisk"] = "asterisk-queue-log";
        var records = lines.Select((l, i) => new KafkaRecord("asterisk", 0, i, null, Encoding.UTF8.GetBytes(l), default)).ToList();

        var written = await RunGraph(options, records, "asterisk");

        var expected = await Replay(null, "--format", "asterisk-queue-log", "--input", path, "--rolling", "15m", "--step", "1m");
        AssertSameSeries(written, expected);
        written.Should().NotContain("hold_s=", "queue_log does not record hold, so the field is left out");
    }

    [Fact]
    public async Task The_live_picture_shows_the_last_events_before_a_lull_without_waiting_for_more_input()
    {
        // The picture is published at most every PublishInterval (here an hour) while batches come; the first batch
        // publishes at once, the second only through the tick the decode stage sends when input pauses.
        var metrics = new Core.Options.MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };
        ServiceGraph? graph = null;
        var live = new CallMetrics.Live.LiveView(metrics, new CallMetrics.Live.LiveOptions { PublishInterval = TimeSpan.FromHours(1) }, TimeProvider.System, () => graph?.Symbols, shards: 1);
        var input = Channel.CreateBounded<KafkaRecordBatch>(4);
        graph = NewGraph(new PipelineOptions { ProvisionalInterval = TimeSpan.Zero, SourceIdleTimeout = TimeSpan.FromHours(1) }, metrics, input.Reader, new MemorySink(), "call-events", live);
        using var system = ActorSystems.ForReplay();
        var (_, run) = graph.Run(ActorSystems.Materializer(system));
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:01").Login("a2").At("09:02").State("a2", "not_ready").Lines;

        await input.Writer.WriteAsync(NewBatch([new KafkaRecord("call-events", 0, 0, null, Encoding.UTF8.GetBytes(lines[0]), default)]));
        (await WaitFor(() => live.Current.Agents.Count == 1)).Should().BeTrue("the first batch publishes at once");
        await input.Writer.WriteAsync(NewBatch([.. lines.Skip(1).Select((l, i) => new KafkaRecord("call-events", 0, i + 1, null, Encoding.UTF8.GetBytes(l), default))]));

        // The live engine (lateness 0) applies a2's login once a later event arrives: the state change at 09:02.
        (await WaitFor(() => live.Current.Agents.Count == 2)).Should().BeTrue("an idle tick publishes the held-back picture within a second or so");

        input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task A_dead_letter_that_cannot_be_published_ends_the_graph_instead_of_leaving_it_up_idle()
    {
        var input = Channel.CreateBounded<KafkaRecordBatch>(4);
        var graph = new ServiceGraph(new PipelineOptions(), new Core.Options.MetricsOptions(), ["events"], checkpoint: null, stateDirectory: null, input.Reader,
            consumer: null, new MemorySink(),
            _ => Akka.Streams.Dsl.Flow.Create<StreamElement>().SelectAsync(1, _ => Task.FromException<StreamElement>(new InvalidOperationException("the dead-letter topic refused it")))
                .To(Akka.Streams.Dsl.Sink.Ignore<StreamElement>()),
            observer: null, TimeProvider.System, NullLogger.Instance);
        using var system = ActorSystems.ForReplay();
        var (_, done) = graph.Run(ActorSystems.Materializer(system));

        await input.Writer.WriteAsync(NewBatch([new KafkaRecord("events", 0, 0, null, Encoding.UTF8.GetBytes("{not json"), default)]));

        (await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(done, "the graph ends (the host then stops with a non-zero exit)");
    }

    [Fact]
    public async Task Checkpoints_that_cannot_be_written_are_logged_counted_and_three_in_a_row_end_the_graph()
    {
        var state = Directory.CreateTempSubdirectory("callmetrics-checkpoint-").FullName;
        try
        {
            // A directory where the temporary checkpoint file goes: the write fails as in a read-only directory (tests
            // run as root, whom permissions do not stop).
            Directory.CreateDirectory(Path.Combine(state, CallMetrics.Streaming.Checkpoints.CheckpointFile.FileName + ".tmp"));
            var path = CallMetrics.Streaming.Checkpoints.CheckpointFile.PathIn(state);
            using var logs = new CallMetrics.Tests.Influx.CapturingLoggerProvider();
            var input = Channel.CreateBounded<KafkaRecordBatch>(4);
            var graph = new ServiceGraph(new PipelineOptions { ProvisionalInterval = TimeSpan.Zero }, new Core.Options.MetricsOptions(), ["events"], checkpoint: null, stateDirectory: state,
                input.Reader, consumer: null, new MemorySink(), _ => Akka.Streams.Dsl.Sink.Ignore<StreamElement>().MapMaterializedValue(_ => Akka.NotUsed.Instance),
                observer: null, TimeProvider.System, logs.CreateLogger("checkpoints"));
            using var system = ActorSystems.ForReplay();
            var (_, done) = graph.Run(ActorSystems.Materializer(system));
            var login = Scenario.Create().At("09:00").Login("a1").Lines[0];
            await input.Writer.WriteAsync(NewBatch([new KafkaRecord("events", 0, 0, null, Encoding.UTF8.GetBytes(login), default)]));

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!done.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                graph.Trigger.Request();
                await Task.Delay(100);
            }

            done.IsFaulted.Should().BeTrue("the graph ends once checkpoints fail three times in a row (the host then exits non-zero)");
            done.Exception!.GetBaseException().Message.Should().EndWith($"the checkpoint {path} could not be written (3 time(s) in a row): "
                + $"Access to the path '{path}.tmp' is denied.");
            graph.Statistics.CheckpointFailures.Should().BeGreaterThanOrEqualTo(3);
            logs.Entries.Where(e => e.StartsWith("Error", StringComparison.Ordinal) && e.Contains($"Writing the checkpoint {path} failed", StringComparison.Ordinal))
                .Should().HaveCountGreaterThanOrEqualTo(3);
            File.Exists(path).Should().BeFalse("no checkpoint was written");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static ServiceGraph NewGraph(PipelineOptions options, Core.Options.MetricsOptions metrics, ChannelReader<KafkaRecordBatch> input, MemorySink sink, string topic, IShardObserver? observer = null) =>
        new(options, metrics, [topic], checkpoint: null, stateDirectory: null, input, consumer: null, sink,
            _ => Akka.Streams.Dsl.Sink.ForEach<StreamElement>(e => throw new InvalidOperationException($"unexpected dead letter: {((DeadLetterBatch)e).Letters[0].Reason}")).MapMaterializedValue(_ => Akka.NotUsed.Instance),
            observer, TimeProvider.System, NullLogger.Instance);

    private static async Task<bool> WaitFor(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Runs records through the graph, then a far-future clock event on every partition so every window closes.</summary>
    private static async Task<string> RunGraph(PipelineOptions options, List<KafkaRecord> records, string topic)
    {
        var sink = new MemorySink();
        var input = Channel.CreateBounded<KafkaRecordBatch>(4);
        var graph = NewGraph(options, new Core.Options.MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) }, input.Reader, sink, topic);
        using var system = ActorSystems.ForReplay();
        var (_, run) = graph.Run(ActorSystems.Materializer(system));
        foreach (var chunk in records.Chunk(500))
        {
            await input.Writer.WriteAsync(NewBatch([.. chunk]));
        }

        // Canonical topics get the clock event on each of their partitions; a vendor-format topic cannot carry
        // it, so its partition is left to go idle first and the clock comes on a canonical topic.
        var partitions = records.Select(r => (r.Topic, r.Partition)).Distinct().ToList();
        var vendor = options.InputFormats.ContainsKey(topic);
        if (vendor)
        {
            // Under load (a cold start among hundreds of tests) decoding can take longer than the idle wait: first
            // let every record be read and every event applied, then give the partition time to go idle.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            long accepted = -1;
            while (waited.Elapsed < TimeSpan.FromSeconds(30) && (graph.Statistics.RecordsIn < records.Count || graph.Statistics.EventsAccepted != accepted))
            {
                accepted = graph.Statistics.EventsAccepted;
                await Task.Delay(options.SourceIdleTimeout);
            }

            await Task.Delay(options.SourceIdleTimeout * 4);
        }

        var clock = partitions.Select((p, i) => new KafkaRecord(vendor ? "clock" : p.Topic, vendor ? i : p.Partition, long.MaxValue / 2, null,
            Encoding.UTF8.GetBytes($"{{\"event_id\":\"clock-{i}\",\"type\":\"agent.logout\",\"ts\":\"2026-11-25T00:00:00Z\",\"tenant\":\"clock\",\"agent_id\":\"clock\"}}"), default)).ToList();
        await input.Writer.WriteAsync(NewBatch(clock));
        input.Writer.Complete();
        await run;
        return sink.Text.ToString();
    }

    private static KafkaRecordBatch NewBatch(List<KafkaRecord> records) =>
        (KafkaRecordBatch)Activator.CreateInstance(typeof(KafkaRecordBatch), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [records], null)!;

    private static List<KafkaRecord> Partitioned(string topic, IReadOnlyList<string> lines, int partitions)
    {
        // Keyed as EVENTS.md says: by call_id, or agent_id for agent events; each partition keeps its order.
        var offsets = new long[partitions];
        return lines.Select(line =>
        {
            var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
            var key = json.TryGetProperty("call_id", out var call) ? call.GetString()! : json.GetProperty("agent_id").GetString()!;
            var partition = (int)(System.IO.Hashing.XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(key)) % (uint)partitions);
            return new KafkaRecord(topic, partition, offsets[partition]++, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(line), default);
        }).ToList();
    }

    private static async Task<string> Replay(IReadOnlyList<string>? lines, params string[] args)
    {
        string? input = null;
        if (lines is not null)
        {
            input = Path.GetTempFileName();
            await File.WriteAllLinesAsync(input, lines);
            args = [.. args, "--input", input];
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        (await CommandLine.RunAsync(["replay", "--quiet", .. args], stdout, stderr, CancellationToken.None)).Should().Be(0, stderr.ToString());
        if (input is not null)
        {
            File.Delete(input);
        }

        return stdout.ToString();
    }

    /// <summary>The final value of every point (later writes replace earlier ones, as in InfluxDB) equals replay's.</summary>
    private static void AssertSameSeries(string written, string expected)
    {
        static Dictionary<string, string> Points(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (key: l[..l.IndexOf(' ', StringComparison.Ordinal)] + " " + l[(l.LastIndexOf(' ') + 1)..], line: l))
            .GroupBy(x => x.key).ToDictionary(g => g.Key, g => g.Last().line);
        var wanted = Points(expected);

        // METRICS: replay's rolling instants end at the first step after the end-of-input clock; the graph writes each later
        // one once its watermark passes it. Those later rolling and state points are the service's own.
        static bool RollingOrState(string key) => key.Contains(",kind=rolling", StringComparison.Ordinal) || key.Contains(",kind=state", StringComparison.Ordinal);
        static long Time(string key) => long.Parse(key[(key.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var lastInstant = wanted.Keys.Where(RollingOrState).Select(Time).DefaultIfEmpty(long.MaxValue).Max();
        var actual = Points(written).Where(p => !(RollingOrState(p.Key) && Time(p.Key) > lastInstant)).ToDictionary(p => p.Key, p => p.Value);
        wanted.Keys.Except(actual.Keys).Should().BeEmpty("every point replay writes is written (first missing: {0})", wanted.Keys.Except(actual.Keys).FirstOrDefault());
        actual.Keys.Except(wanted.Keys).Should().BeEmpty("no point replay does not write is written (first extra: {0})", actual.Keys.Except(wanted.Keys).FirstOrDefault());
        foreach (var (key, line) in wanted)
        {
            LineProtocolAssert.Equivalent(actual[key], line, 1e-9);
        }
    }

    private sealed class MemorySink : ISinkWriter
    {
        public StringBuilder Text { get; } = new();

        public ValueTask WriteAsync(SinkBatch batch, CancellationToken cancellationToken)
        {
            lock (Text)
            {
                Text.Append(Encoding.UTF8.GetString(batch.Payload.Span));
            }

            batch.OnDurable?.Invoke();
            return ValueTask.CompletedTask;
        }

        public Task WhenDurableAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
