using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using Akka;
using Akka.Streams.Dsl;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Wiring;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Benchmarks.EndToEnd;

/// <summary>
/// Broker → sink: the workload's JSON lines produced to a multi-partition topic on the dev broker (librdkafka's
/// in-process mock cluster, <see cref="MockKafkaCluster"/>), then read by the service's own graph —
/// <see cref="KafkaEventSource"/> → decode → engine shard → <see cref="InfluxSink"/> writing line protocol over HTTP
/// to a real InfluxDB 1.x (or a counting listener when there is no influxd) — with the service's default settings,
/// until the consumer has read every record and the sink has acknowledged every line. Baseline: the same records read
/// by the same source and discarded (consume only: what this broker and client deliver on this machine).
/// </summary>
internal static class BrokerStage
{
    /// <summary>
    /// librdkafka's mock broker keeps at most 5 MB (or 100,000 record batches) per partition and drops the oldest beyond that,
    /// so a topic that must hold the whole workload needs at least one partition per ~4 MB of JSON: 16 for the quick
    /// run's 300k events (60 MB), more for bigger runs (<see cref="PartitionsFor"/>).
    /// </summary>
    public const int MinPartitions = 16;

    internal static int PartitionsFor(CallCenterWorkload w)
    {
        var needed = (int)Math.Ceiling(w.Json.Length / (4.0 * 1024 * 1024));
        var partitions = MinPartitions;
        while (partitions < needed)
        {
            partitions *= 2;
        }

        return partitions;
    }

    public const double TargetEventsPerSecond = 400_000;

    /// <summary>What joining a fresh consumer group costs on the mock broker before the first record (its initial rebalance delay).</summary>
    private const double GroupJoinSeconds = 3.5;


    /// <summary>
    /// Runs the stage: after a warm-up, <paramref name="runs"/> consume-only runs and <paramref name="runs"/> pipeline runs into
    /// the counting listener (the service's own cost), alternated, with <paramref name="influxRuns"/> pipeline runs into
    /// InfluxDB when influxd exists (the headline figure: the real sink) and as many into VictoriaMetrics when it exists
    /// (the pipeline's ceiling behind a fast real server). Medians.
    /// </summary>
    public static JsonObject Run(CallCenterWorkload w, int runs, int influxRuns, TimeSpan runTimeout, bool warmup = true, TimeSpan? budget = null)
    {
        if (DevBroker.TryStart(out var unavailable) is not { } cluster)
        {
            return Unavailable(unavailable!);
        }

        using (cluster)
        {
            var listener = SinkTarget.StartListenerAsync().GetAwaiter().GetResult();
            var influx = SinkTarget.StartAsync().GetAwaiter().GetResult();
            var (victoria, noVictoria) = SinkTarget.StartVictoriaMetricsAsync().GetAwaiter().GetResult();
            try
            {
                var sinks = new RealSinks(influx.IsInflux ? influx : null, influx.IsInflux ? null : influx.Kind, victoria, noVictoria);
                return Measure(w, cluster, listener, sinks, runs, influxRuns, runTimeout, warmup, budget);
            }
            finally
            {
                if (victoria is not null)
                {
                    victoria.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                influx.DisposeAsync().AsTask().GetAwaiter().GetResult();
                listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    internal static JsonObject Unavailable(string reason) => new()
    {
        ["status"] = "unavailable",
        ["reason"] = reason,
        ["target_events_per_s"] = TargetEventsPerSecond,
        ["meets_target"] = false,
    };

    /// <summary>The real servers the stage writes to: InfluxDB (the headline) and VictoriaMetrics (the pipeline's ceiling behind a fast server); null with the reason when one is missing.</summary>
    private sealed record RealSinks(SinkTarget? Influx, string? NoInflux, SinkTarget? Victoria, string? NoVictoria);

    private static JsonObject Measure(CallCenterWorkload w, MockKafkaCluster cluster, SinkTarget listener, RealSinks sinks, int runs, int influxRuns, TimeSpan runTimeout, bool warmup, TimeSpan? budget)
    {
        var influx = sinks.Influx;
        var noInflux = sinks.NoInflux;
        const string topic = "bench-call-events";
        var partitionCount = PartitionsFor(w);
        cluster.CreateTopic(topic, partitionCount);
        var produce = Stopwatch.StartNew();
        var records = ProduceWorkload(cluster.BootstrapServers, topic, w, partitionCount);
        var produceSeconds = produce.Elapsed.TotalSeconds;
        IReadOnlyList<DroppedRecords> dropped;
        using (var watch = new MockClusterRetentionWatch(cluster.BootstrapServers))
        {
            dropped = watch.CheckAsync().GetAwaiter().GetResult();
        }

        if (dropped.Count > 0)
        {
            // Every run would read fewer records than produced and wait for the rest until it times out.
            return Unavailable($"the dev broker dropped records ({string.Join("; ", dropped)}): the topic needs more partitions than {partitionCount}");
        }
        var bootstrap = cluster.BootstrapServers;

        // Warm-up (JIT of the source and sink paths). Every run joins a new consumer group, which costs the mock broker's
        // 3 s initial rebalance delay (outside the measured window), so the quick run skips it: the graph stage before it
        // has already compiled the decode and engine code.
        if (warmup)
        {
            ConsumeOnly(bootstrap, topic, records, runTimeout);
            RunPipeline(bootstrap, topic, records, listener, runTimeout);
        }
        // Alternated, so a neighbour's burst hits all three about equally; the headline (InfluxDB) first in each round. With a
        // budget (quick), a run is only started when the slowest run so far (plus the group join) still fits, but the
        // headline and the baseline get at least one run each.
        var stage = Stopwatch.StartNew();
        var slowest = 0.0;
        bool Fits() => budget is not { } b || stage.Elapsed.TotalSeconds + slowest + GroupJoinSeconds < b.TotalSeconds;
        TimeSpan Limit() => budget is { } b ? TimeSpan.FromSeconds(Math.Clamp(b.TotalSeconds - stage.Elapsed.TotalSeconds, 5, runTimeout.TotalSeconds)) : runTimeout;
        RunResult Timed(Func<TimeSpan, RunResult> run)
        {
            var wall = Stopwatch.StartNew();
            var result = run(Limit());
            slowest = Math.Max(slowest, wall.Elapsed.TotalSeconds);
            return result;
        }

        var baseline = new List<RunResult>();
        var service = new List<RunResult>();
        var real = new List<RunResult>();
        var victoria = new List<RunResult>();
        for (var i = 0; i < Math.Max(runs, influxRuns); i++)
        {
            if (influx is not null && i < influxRuns && (real.Count == 0 || Fits()))
            {
                real.Add(Timed(limit => RunPipeline(bootstrap, topic, records, influx, limit)));
            }

            if (sinks.Victoria is { } vm && i < influxRuns && Fits())
            {
                victoria.Add(Timed(limit => RunPipeline(bootstrap, topic, records, vm, limit)));
            }

            if (i < runs && (baseline.Count == 0 || Fits()))
            {
                baseline.Add(Timed(limit => ConsumeOnly(bootstrap, topic, records, limit)));
            }

            if (i < runs && ((service.Count == 0 && influx is null) || Fits()))
            {
                service.Add(Timed(limit => RunPipeline(bootstrap, topic, records, listener, limit)));
            }
        }

        var events = (double)w.Count;
        var b = Median(baseline, r => r.Seconds);
        var bCpu = Median(baseline, r => r.CpuSeconds).CpuSeconds;
        var headline = real.Count > 0 ? real : service;
        var h = Median(headline, r => r.Seconds);
        var hCpu = Median(headline, r => r.CpuSeconds).CpuSeconds;
        var result = new JsonObject
        {
            ["events"] = w.Count,
            ["partitions"] = partitionCount,
            ["json_bytes_per_event"] = Math.Round(w.BytesPerEvent, 1),
            ["broker"] = "dev broker: librdkafka mock cluster in this process (1 broker, 127.0.0.1), Confluent.Kafka " + typeof(IConsumer<,>).Assembly.GetName().Version,
            ["sink"] = (influx ?? listener).Describe(),
            ["settings"] = "service defaults: 1 shard, intervals 15m + rolling 15m/1m, provisional writes every 5 s, Influx batches of 5000 lines, gzip",
            ["measured"] = "first record consumed -> consumer has read every record and the sink has acknowledged every line (graph drained, sink flushed, as on shutdown)",
            ["produce_events_per_s"] = Math.Round(records / produceSeconds),
            ["runs"] = headline.Count,
            ["warmup_runs"] = warmup ? 1 : 0,
            ["events_per_s"] = Math.Round(events / h.Seconds),
            ["events_per_cpu_s"] = Math.Round(events / hCpu),
            ["bytes_per_event"] = Math.Round(Median(headline, r => r.AllocatedBytes).AllocatedBytes / events, 1),
            ["seconds"] = new JsonArray([.. headline.Select(r => (JsonNode)Math.Round(r.Seconds, 2))]),
            ["read_seconds"] = Math.Round(h.ReadSeconds, 2),
            ["lines_written"] = h.LinesAcknowledged,
            ["lines_per_event"] = Math.Round(h.LinesAcknowledged / events, 3),
            ["sink_batches"] = h.Batches,
            ["sink_retries"] = h.Retries,
            ["sink_server_cpu_s"] = real.Count > 0 ? Math.Round(Median(real, r => r.SinkCpuSeconds).SinkCpuSeconds, 2) : null,
            ["cpu_note"] = "events_per_cpu_s: CPU of this process (in-process broker, Kafka client, graph, HTTP client); influxd's own CPU is sink_server_cpu_s",
            ["baseline"] = "consume only: the same records read by KafkaEventSource from the same broker and discarded",
            ["baseline_events_per_s"] = Math.Round(events / b.Seconds),
            ["baseline_events_per_cpu_s"] = Math.Round(events / bCpu),
            ["baseline_runs"] = baseline.Count,
            ["baseline_bytes_per_event"] = Math.Round(Median(baseline, r => r.AllocatedBytes).AllocatedBytes / events, 1),
            ["ratio_to_baseline"] = Math.Round(b.Seconds / h.Seconds, 3),
            ["target_events_per_s"] = TargetEventsPerSecond,
            ["meets_target"] = events / h.Seconds >= TargetEventsPerSecond,
        };
        if (noInflux is not null)
        {
            result["influx_note"] = "no InfluxDB: " + noInflux;
        }

        if (victoria.Count > 0)
        {
            var vm = Median(victoria, r => r.Seconds);
            result["victoria_metrics"] = new JsonObject
            {
                ["sink"] = sinks.Victoria!.Describe(),
                ["runs"] = victoria.Count,
                ["events_per_s"] = Math.Round(events / vm.Seconds),
                ["events_per_cpu_s"] = Math.Round(events / Median(victoria, r => r.CpuSeconds).CpuSeconds),
                ["sink_server_cpu_s"] = Math.Round(Median(victoria, r => r.SinkCpuSeconds).SinkCpuSeconds, 2),
                ["lines_written"] = vm.LinesAcknowledged,
                ["ratio_to_influx"] = real.Count > 0 ? Math.Round(h.Seconds / vm.Seconds, 2) : null,
                ["note"] = "the same pipeline into a real VictoriaMetrics (line protocol on /write, gzip): the pipeline's ceiling behind a server that ingests faster than InfluxDB 1.x",
            };
        }
        else
        {
            result["victoria_metrics_note"] = sinks.NoVictoria ?? "not run: the quick budget left no time for it";
        }

        if (service.Count > 0 && real.Count > 0)
        {
            var sm = Median(service, r => r.Seconds);
            result["service_only"] = new JsonObject
            {
                ["sink"] = listener.Describe(),
                ["runs"] = service.Count,
                ["events_per_s"] = Math.Round(events / sm.Seconds),
                ["events_per_cpu_s"] = Math.Round(events / Median(service, r => r.CpuSeconds).CpuSeconds),
                ["bytes_per_event"] = Math.Round(Median(service, r => r.AllocatedBytes).AllocatedBytes / events, 1),
                ["read_seconds"] = Math.Round(sm.ReadSeconds, 2),
                ["ratio_to_baseline"] = Math.Round(b.Seconds / sm.Seconds, 2),
                ["note"] = "the same pipeline into a local HTTP server that only counts lines: what the service itself sustains",
            };
        }

        return result;
    }

    /// <summary>
    /// Produces every line round-robin over the partitions (each partition keeps event order). No clock event at the end:
    /// closing every window would add a tail of rolling-window lines (15 steps x every agent) that is not sustained
    /// work; the windows still open at the end (the last minute, lateness) stay in the engine, as in a running service.
    /// </summary>
    internal static long ProduceWorkload(string bootstrap, string topic, CallCenterWorkload w, int partitionCount)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = bootstrap });
        var partitions = Enumerable.Range(0, partitionCount).Select(p => new TopicPartition(topic, new Partition(p))).ToArray();
        for (var i = 0; i < w.Count; i++)
        {
            producer.Produce(partitions[i % partitionCount], null, w.Line(i).ToArray());
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
        return w.Count;
    }

    private static KafkaOptions Consumer(string bootstrap, string topic) => new()
    {
        BootstrapServers = bootstrap,
        Topics = [topic],
        GroupId = "bench-" + Guid.NewGuid().ToString("N")[..12],
    };

    private static IReadOnlyDictionary<TopicPartition, long> FromBeginning(IReadOnlyList<TopicPartition> partitions) =>
        partitions.ToDictionary(p => p, _ => (long)Offset.Beginning.Value);

    private static RunResult ConsumeOnly(string bootstrap, string topic, long records, TimeSpan timeout)
    {
        var channel = Channel.CreateBounded<KafkaRecordBatch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var source = new KafkaEventSource(Consumer(bootstrap, topic), channel.Writer, NullLogger.Instance, TimeProvider.System);
        source.StartOffsets = FromBeginning;
        using var stop = new CancellationTokenSource(timeout);
        GC.Collect();
        var run = source.RunAsync(stop.Token);
        long read = 0;
        var drain = Task.Run(async () =>
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                Interlocked.Add(ref read, batch.Count);
            }
        });

        // The same window as the pipeline runs: from the first record consumed (polled every 1 ms) to the last one handed over.
        while (source.ConsumedCount == 0)
        {
            ThrowIfTimedOut(stop, "consume only: no record consumed");
            Thread.Sleep(1);
        }

        var meter = Meter.Start(null);
        while (Interlocked.Read(ref read) < records)
        {
            ThrowIfTimedOut(stop, $"consume only: {Interlocked.Read(ref read)} of {records} records read");
            Thread.Sleep(1);
        }

        var result = meter.Stop();
        source.Stop();
        Wait(run);
        Wait(drain);
        return result;
    }

    private static RunResult RunPipeline(string bootstrap, string topic, long records, SinkTarget target, TimeSpan timeout)
    {
        var influxOptions = new InfluxOptions { Url = target.Url, Database = "bench" };
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        var writer = new LineProtocolHttpWriter(http, influxOptions, TimeProvider.System, NullLogger<LineProtocolHttpWriter>.Instance);
        long rejected = 0;
        var sink = new InfluxSink(influxOptions, writer, _ => Interlocked.Increment(ref rejected), TimeProvider.System, NullLogger<InfluxSink>.Instance);
        try
        {
            var input = Channel.CreateBounded<KafkaRecordBatch>(new BoundedChannelOptions(PipelineDefaults.QueueCapacity) { SingleReader = true, SingleWriter = true });
            using var source = new KafkaEventSource(Consumer(bootstrap, topic), input.Writer, NullLogger.Instance, TimeProvider.System);
            source.StartOffsets = FromBeginning;
            // The workload is one simulated day at a fixed date: the service's too_old guard (7 days behind the wall
            // clock) would reject all of it once that date is a week past, and the run would measure nothing.
            var metrics = new MetricsSettings().ToOptions() with { MaxEventAge = null };
            var pipeline = new ServiceGraph(new PipelineOptions(), metrics, [topic], checkpoint: null, stateDirectory: null,
                input.Reader, source, new InfluxSinkWriter(sink), _ => Sink.Ignore<StreamElement>().MapMaterializedValue(_ => NotUsed.Instance),
                observer: null, TimeProvider.System, NullLogger.Instance);
            using var system = ActorSystems.ForReplay();
            GC.Collect();
            using var stop = new CancellationTokenSource(timeout);
            var (_, graph) = pipeline.Run(ActorSystems.Materializer(system));
            var consume = source.RunAsync(stop.Token);
            while (source.ConsumedCount == 0)
            {
                ThrowIfTimedOut(stop, "no record consumed");
                Thread.Sleep(1);
            }

            var meter = Meter.Start(target);
            while (source.ConsumedCount < records)
            {
                ThrowIfTimedOut(stop, $"{source.ConsumedCount} of {records} records consumed");
                Thread.Sleep(1);
            }

            var readSeconds = meter.Elapsed;

            // As the service does on shutdown: stop consuming, let the graph drain, flush the sink.
            source.Stop();
            Wait(consume);
            if (!graph.Wait(timeout))
            {
                throw new TimeoutException("the graph did not drain");
            }

            if (!sink.FlushAsync(CancellationToken.None).Wait(timeout))
            {
                throw new TimeoutException($"the sink did not flush: {sink.Statistics}, pipeline lines out {pipeline.Statistics.LinesOut}");
            }

            var result = meter.Stop();
            var statistics = sink.Statistics;
            if (pipeline.Statistics.LinesOut == 0)
            {
                throw new InvalidOperationException($"the pipeline wrote no line for {records} records: nothing was measured");
            }

            if (statistics.LinesWritten != pipeline.Statistics.LinesOut || Interlocked.Read(ref rejected) != 0)
            {
                throw new InvalidOperationException($"sink acknowledged {statistics.LinesWritten} lines of {pipeline.Statistics.LinesOut} ({rejected} rejected)");
            }

            return result with { ReadSeconds = readSeconds, LinesAcknowledged = statistics.LinesWritten, Batches = statistics.BatchesWritten, Retries = statistics.Retries };
        }
        finally
        {
            // Bounded: after a timeout the sink may still be waiting for a server that does not answer.
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            sink.StopAsync(giveUp.Token).GetAwaiter().GetResult();
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void ThrowIfTimedOut(CancellationTokenSource stop, string what)
    {
        if (stop.IsCancellationRequested)
        {
            throw new TimeoutException("pipeline run timed out: " + what);
        }
    }

    private static void Wait(Task run)
    {
        try
        {
            run.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static T Median<T>(List<T> runs, Func<T, double> key) => runs.OrderBy(key).ElementAt(runs.Count / 2);

    internal sealed record RunResult(double Seconds, double CpuSeconds, double SinkCpuSeconds, long AllocatedBytes)
    {
        public double ReadSeconds { get; init; }

        public long LinesAcknowledged { get; init; }

        public long Batches { get; init; }

        public long Retries { get; init; }
    }

    /// <summary>Wall time, this process's CPU time and allocations, and the sink server's CPU time, over one run.</summary>
    private readonly struct Meter
    {
        private readonly long _start;
        private readonly TimeSpan _cpu;
        private readonly long _allocated;
        private readonly SinkTarget? _target;
        private readonly double _sinkCpu;

        private Meter(SinkTarget? target)
        {
            _target = target;
            _sinkCpu = target?.ServerCpuSeconds() ?? 0;
            _allocated = GC.GetTotalAllocatedBytes(precise: false);
            _cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _start = Stopwatch.GetTimestamp();
        }

        public double Elapsed => Stopwatch.GetElapsedTime(_start).TotalSeconds;

        public static Meter Start(SinkTarget? target) => new(target);

        public RunResult Stop() => new(
            Elapsed,
            (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds,
            (_target?.ServerCpuSeconds() ?? 0) - _sinkCpu,
            GC.GetTotalAllocatedBytes(precise: false) - _allocated);
    }

}
