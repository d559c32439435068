using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Options;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using System.Threading.Channels;
using Akka;
using Akka.Streams.Dsl;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using CallMetrics.Streaming.Wiring;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// The in-process graph (no broker, no server): the workload's JSON as Kafka record batches over 4 partitions
/// → decode stage → engine shard → line protocol into a sink that only counts. Both cores: the decode stage and
/// the shard run on their own tasks.
/// </summary>
internal static class GraphStage
{
    public static JsonObject Run(CallCenterWorkload w, double decodeAggregateEventsPerSecond)
    {
        var batches = Batches(w);
        var graph = Measurement.Run("graph", w.Count, () => RunOnce(batches), runs: 3);
        var twice = 2 * decodeAggregateEventsPerSecond;
        return new JsonObject
        {
            ["events_per_s"] = Math.Round(graph.EventsPerSecond),
            ["events_per_cpu_s"] = Math.Round(graph.EventsPerCpuSecond),
            // No bytes_per_event: allocation counters are per thread and the graph allocates on its own tasks.
            ["ratio_to_2x_decode_aggregate"] = twice > 0 ? Math.Round(graph.EventsPerSecond / twice, 2) : null,
            ["target_events_per_s"] = 2_500_000,
            ["target_ratio_to_2x_decode_aggregate"] = 0.75,
            ["meets_target"] = graph.EventsPerSecond >= 2_500_000 && twice > 0 && graph.EventsPerSecond / twice >= 0.75,
            ["shape"] = "decode on every core + 1 engine shard (one tenant) + format, batches of 10,000 records, provisional writes off",
        };
    }

    internal static List<List<KafkaRecord>> Batches(CallCenterWorkload w)
    {
        var records = new List<KafkaRecord>(w.Count);
        var offsets = new long[4];
        for (var i = 0; i < w.Count; i++)
        {
            // Each partition keeps event order, as Kafka does per key.
            var partition = i % 4;
            records.Add(new KafkaRecord("events", partition, offsets[partition]++, null, w.Line(i).ToArray(), default));
        }

        return [.. records.Chunk(10_000).Select(c => c.ToList())];
    }

    // One actor system for every run: its start-up is not part of what is measured.
    private static readonly Lazy<Akka.Streams.IMaterializer> Materializer = new(() => ActorSystems.Materializer(ActorSystems.ForReplay()));

    internal static long RunOnce(List<List<KafkaRecord>> batches)
    {
        var sink = new CountingSink();
        var input = Channel.CreateBounded<KafkaRecordBatch>(PipelineDefaults.QueueCapacity);
        var pipeline = new ServiceGraph(
            new PipelineOptions { ProvisionalInterval = TimeSpan.Zero, SourceIdleTimeout = TimeSpan.FromMinutes(10) },
            new MetricsOptions(), ["events"], checkpoint: null, stateDirectory: null, input.Reader, consumer: null, sink,
            _ => Sink.Ignore<StreamElement>().MapMaterializedValue(_ => NotUsed.Instance), observer: null, TimeProvider.System, NullLogger.Instance);
        var (_, run) = pipeline.Run(Materializer.Value);
        foreach (var batch in batches)
        {
            input.Writer.WriteAsync(NewBatch(batch)).AsTask().GetAwaiter().GetResult();
        }

        input.Writer.Complete();
        run.GetAwaiter().GetResult();
        return sink.Lines;
    }

    private static KafkaRecordBatch NewBatch(List<KafkaRecord> records) =>
        (KafkaRecordBatch)Activator.CreateInstance(typeof(KafkaRecordBatch), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [records], null)!;

    private sealed class CountingSink : ISinkWriter
    {
        public long Lines;

        public ValueTask WriteAsync(SinkBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref Lines, batch.LineCount);
            batch.OnDurable?.Invoke();
            return ValueTask.CompletedTask;
        }

        public Task WhenDurableAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
