using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Commands;
using CallMetrics.Hosting;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Benchmarks.EndToEnd;

/// <summary>
/// Event → visible on the live endpoint. The real service (<see cref="RunCommand.Build"/>: Kafka source, pipeline, live
/// view, Kestrel on a free 127.0.0.1 port, Influx sink) runs in this process against the dev broker. A paced producer
/// sends the workload's lines at <c>rate</c> events/s in order, each stamped with the wall time at which it is sent
/// (<see cref="TimeProvider.System"/>), round-robin over 4 partitions. Among them, every <see cref="ProbeEvery"/>, a
/// probe: an <c>agent.state</c> of agent <c>probe</c> of tenant <c>probe</c> with a new <c>reason</c>. A poller reads
/// <c>GET /api/v1/live?tenant=probe</c> every <see cref="PollEvery"/> and an SSE client reads
/// <c>/api/v1/live/stream?tenant=probe</c>; a probe's latency is the time from just before it was produced to the first
/// answer showing its reason (or a later one).
/// </summary>
internal static class LiveLatencyStage
{
    public const double TargetRate = 10_000;
    public const double TargetP99Seconds = 1.0;
    /// <summary>At least as many partitions as the service's default topic has.</summary>
    private const int MinPartitions = 4;
    private const string Topic = "bench-live-events";
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);

    public static JsonObject Run(CallCenterWorkload w, TimeSpan duration, double rate, string[]? settings = null)
    {
        if (DevBroker.TryStart(out var unavailable) is not { } cluster)
        {
            return Unavailable(unavailable!);
        }

        using (cluster)
        {
            cluster.CreateTopic(Topic, PartitionsFor(w, duration, rate));
            var target = SinkTarget.StartAsync().GetAwaiter().GetResult();
            try
            {
                return RunAsync(w, cluster, target, duration, rate, settings ?? []).GetAwaiter().GetResult();
            }
            finally
            {
                target.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// The dev broker keeps at most <see cref="MockKafkaCluster.RetainedBytesPerPartition"/> per partition and drops older
    /// records: enough partitions that what the run sends (warm-up, drive and drain at <paramref name="rate"/>, plus
    /// Kafka's per-record overhead) stays within 4 MB each.
    /// </summary>
    internal static int PartitionsFor(CallCenterWorkload w, TimeSpan duration, double rate)
    {
        var seconds = (Warmup + duration + Drain).TotalSeconds;
        var bytes = rate * seconds * (w.BytesPerEvent + 64);
        return Math.Max(MinPartitions, (int)Math.Ceiling(bytes / (4.0 * 1024 * 1024)));
    }

    internal static JsonObject Unavailable(string reason) => new()
    {
        ["status"] = "unavailable",
        ["reason"] = reason,
        ["target_events_per_s"] = TargetRate,
        ["target_p99_ms"] = TargetP99Seconds * 1000,
        ["meets_target"] = false,
    };

    private static async Task<JsonObject> RunAsync(CallCenterWorkload w, MockKafkaCluster cluster, SinkTarget target, TimeSpan duration, double rate, string[] settings)
    {
        var app = RunCommand.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--CallMetrics:Kafka:BootstrapServers=" + cluster.BootstrapServers,
            "--CallMetrics:Kafka:Topics:0=" + Topic,
            "--CallMetrics:Kafka:GroupId=bench-live",
            "--CallMetrics:Influx:Url=" + target.Url,
            "--CallMetrics:Influx:Database=bench_live",
            .. settings,
        ], builder => builder.Logging.ClearProviders());
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            try
            {
                var result = await MeasureAsync(w, cluster, target, app, duration, rate).ConfigureAwait(false);
                if (settings.Length > 0)
                {
                    result["settings"] = string.Join(' ', settings);
                }

                return result;
            }
            finally
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await app.StopAsync(stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private static async Task<JsonObject> MeasureAsync(CallCenterWorkload w, MockKafkaCluster cluster, SinkTarget target, WebApplication app, TimeSpan duration, double rate)
    {
        var state = app.Services.GetRequiredService<PipelineState>();
        var address = new Uri(app.Urls.First());
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

        // Wait until the service consumes (group joined, partitions assigned), then log the probe agent in.
        var ready = Stopwatch.StartNew();
        while (state.Source is not { Assignment.Count: > 0 })
        {
            if (ready.Elapsed > TimeSpan.FromSeconds(30))
            {
                return Unavailable("the service did not get its partitions within 30 s");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        var startupSeconds = ready.Elapsed.TotalSeconds;
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = cluster.BootstrapServers });
        var partitionCount = PartitionsFor(w, duration, rate);
        var partitions = Enumerable.Range(0, partitionCount).Select(p => new TopicPartition(Topic, new Partition(p))).ToArray();
        var time = TimeProvider.System;
        var probes = new List<long>();      // Stopwatch timestamp just before each probe was produced
        var seenPoll = new List<long>();    // first answer showing it (GET), 0 until then
        var seenSse = new List<long>();     // first SSE event showing it
        var gate = new Lock();
        using var stop = new CancellationTokenSource();

        var poller = Task.Run(() => PollAsync(http, "/api/v1/live?tenant=probe", seenPoll, gate, stop.Token));
        using var streamClient = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        var streamer = Task.Run(() => StreamAsync(streamClient, "/api/v1/live/stream?tenant=probe", seenSse, gate, stop.Token));

        // The driver: paced in event-time order, each event stamped with the wall time it is sent at.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var consumedBefore = state.Source.ConsumedCount;
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        var line = 0;
        var nextProbe = TimeSpan.Zero;
        var probeSeconds = 0.0;
        Produce(producer, partitions[0], ProbeLogin(time.GetUtcNow()));

        // On its own thread: it sleeps 1 ms between bursts and must not hold a thread-pool thread the service needs.
        void Drive()
        {
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed >= duration)
            {
                break;
            }

            var due = (long)(elapsed.TotalSeconds * rate);
            while (sent < due)
            {
                var partition = partitions[sent % partitionCount];
                if (elapsed >= nextProbe)
                {
                    nextProbe += ProbeEvery;
                    int index;
                    lock (gate)
                    {
                        index = probes.Count;
                        probes.Add(Stopwatch.GetTimestamp());
                        seenPoll.Add(0);
                        seenSse.Add(0);
                    }

                    Produce(producer, partition, Probe(time.GetUtcNow(), index));
                    probeSeconds = elapsed.TotalSeconds;
                }
                else
                {
                    Produce(producer, partition, Stamped(w.Line(line), time.GetUtcNow()));
                    line = (line + 1) % w.Count;
                }

                sent++;
            }

            Thread.Sleep(1);
        }
        }

        await Task.Factory.StartNew(Drive, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        var driveSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var consumedDuring = state.Source.ConsumedCount - consumedBefore;

        // Let the last probes show, then stop the readers.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < Drain)
        {
            lock (gate)
            {
                if (seenPoll.All(s => s != 0) && seenSse.All(s => s != 0))
                {
                    break;
                }
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await Quietly(poller).ConfigureAwait(false);
        await Quietly(streamer).ConfigureAwait(false);
        producer.Flush();

        var warm = (long)(Warmup.TotalSeconds * Stopwatch.Frequency);
        double[] Latencies(List<long> seen, out int unseen)
        {
            var values = new List<double>();
            var missing = 0;
            lock (gate)
            {
                for (var i = 0; i < probes.Count; i++)
                {
                    if (probes[i] - start < warm)
                    {
                        continue;
                    }

                    if (seen[i] == 0)
                    {
                        missing++;
                        // Not seen before the end: count it as at least as late as the end of the wait.
                        values.Add((Stopwatch.GetTimestamp() - probes[i]) * 1000.0 / Stopwatch.Frequency);
                    }
                    else
                    {
                        values.Add((seen[i] - probes[i]) * 1000.0 / Stopwatch.Frequency);
                    }
                }
            }

            unseen = missing;
            values.Sort();
            return [.. values];
        }

        var poll = Latencies(seenPoll, out var pollUnseen);
        var sse = Latencies(seenSse, out var sseUnseen);
        var achieved = sent / driveSeconds;
        var p99 = Percentile(poll, 0.99);
        var statistics = state.Statistics;
        return new JsonObject
        {
            ["events_per_s"] = Math.Round(achieved),
            ["consumed_events_per_s"] = Math.Round(consumedDuring / driveSeconds),
            ["target_events_per_s"] = rate,
            ["drive_seconds"] = Math.Round(driveSeconds, 1),
            ["warmup_seconds_excluded"] = Warmup.TotalSeconds,
            ["events_sent"] = sent,
            ["partitions"] = partitionCount,
            ["probes"] = poll.Length,
            ["p50_ms"] = Math.Round(Percentile(poll, 0.50), 1),
            ["p95_ms"] = Math.Round(Percentile(poll, 0.95), 1),
            ["p99_ms"] = Math.Round(p99, 1),
            ["max_ms"] = poll.Length == 0 ? 0 : Math.Round(poll[^1], 1),
            ["not_seen"] = pollUnseen,
            ["sse"] = new JsonObject
            {
                ["p50_ms"] = Math.Round(Percentile(sse, 0.50), 1),
                ["p95_ms"] = Math.Round(Percentile(sse, 0.95), 1),
                ["p99_ms"] = Math.Round(Percentile(sse, 0.99), 1),
                ["max_ms"] = sse.Length == 0 ? 0 : Math.Round(sse[^1], 1),
                ["not_seen"] = sseUnseen,
                ["note"] = "GET /api/v1/live/stream?tenant=probe: a picture at most every StreamInterval (1 s by default), so ~0.5 s more on average",
            },
            ["cpu_seconds_per_s"] = Math.Round(cpuSeconds / (driveSeconds + drain.Elapsed.TotalSeconds), 2),
            ["service_startup_seconds"] = Math.Round(startupSeconds, 2),
            ["service"] = "callmetrics run in this process (RunCommand.Build): Kafka source, 1 shard, live view, Kestrel on 127.0.0.1, Influx sink",
            ["sink"] = target.Describe(),
            ["pipeline_records_in"] = statistics?.RecordsIn,
            ["pipeline_late"] = statistics?.Late,
            ["measured"] = $"probe produced (agent.state with a new reason every {ProbeEvery.TotalMilliseconds} ms, among the workload's lines) -> first GET /api/v1/live?tenant=probe answer (polled every {PollEvery.TotalMilliseconds} ms) showing it",
            ["last_probe_at_s"] = Math.Round(probeSeconds, 1),
            ["target_p99_ms"] = TargetP99Seconds * 1000,
            ["meets_target"] = achieved >= 0.95 * TargetRate && pollUnseen == 0 && p99 <= TargetP99Seconds * 1000,
        };
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static void Produce(KafkaEventProducer producer, TopicPartition partition, byte[] value) => producer.Produce(partition, null, value);

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] ProbeLogin(DateTimeOffset now) => Encoding.UTF8.GetBytes(
        $"{{\"event_id\":\"probe-login\",\"type\":\"agent.login\",\"ts\":\"{Stamp(now)}\",\"tenant\":\"probe\",\"agent_id\":\"probe\",\"team\":\"probe\",\"state\":\"not_ready\",\"reason\":\"start\"}}");

    private static byte[] Probe(DateTimeOffset now, int index) => Encoding.UTF8.GetBytes(
        $"{{\"event_id\":\"probe-{index}\",\"type\":\"agent.state\",\"ts\":\"{Stamp(now)}\",\"tenant\":\"probe\",\"agent_id\":\"probe\",\"state\":\"not_ready\",\"reason\":\"p{index}\"}}");

    /// <summary>The workload's line with its <c>ts</c> (always 24 characters there: millisecond UTC) replaced by <paramref name="now"/>.</summary>
    private static byte[] Stamped(ReadOnlySpan<byte> line, DateTimeOffset now)
    {
        var copy = line.ToArray();
        var at = line.IndexOf("\"ts\":\""u8) + 6;
        Encoding.ASCII.GetBytes(Stamp(now), copy.AsSpan(at, 24));
        return copy;
    }

    /// <summary>The probe number in an answer: the probe agent's reason <c>pN</c>, or -1.</summary>
    private static int ProbeIn(JsonElement picture)
    {
        if (picture.TryGetProperty("agents", out var agents))
        {
            foreach (var agent in agents.EnumerateArray())
            {
                if (agent.TryGetProperty("reason", out var reason) && reason.GetString() is ['p', .. var digits]
                    && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return index;
                }
            }
        }

        return -1;
    }

    /// <summary>Marks probes up to <paramref name="index"/> as seen at <paramref name="at"/> (a later reason means the earlier ones were applied too).</summary>
    private static void Seen(List<long> seen, int index, long at, Lock gate)
    {
        lock (gate)
        {
            for (var i = Math.Min(index, seen.Count - 1); i >= 0 && seen[i] == 0; i--)
            {
                seen[i] = at;
            }
        }
    }

    private static async Task PollAsync(HttpClient http, string path, List<long> seen, Lock gate, CancellationToken cancellationToken)
    {
        var uri = new Uri(path, UriKind.Relative);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            var picture = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            var at = Stopwatch.GetTimestamp();
            var index = ProbeIn(picture);
            if (index >= 0)
            {
                Seen(seen, index, at, gate);
            }

            await Task.Delay(PollEvery, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task StreamAsync(HttpClient http, string path, List<long> seen, Lock gate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            if (!text.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var at = Stopwatch.GetTimestamp();
            using var picture = JsonDocument.Parse(text.AsMemory(5));
            var index = ProbeIn(picture.RootElement);
            if (index >= 0)
            {
                Seen(seen, index, at, gate);
            }
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException)
        {
        }
        catch (IOException)
        {
        }
    }
}
