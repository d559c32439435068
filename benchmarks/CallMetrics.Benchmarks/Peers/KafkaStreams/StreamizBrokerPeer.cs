using System.Diagnostics;
using CallMetrics.Benchmarks.EndToEnd;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;

namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>
/// <see cref="PeerTopology"/> deployed as a Streamiz application (<see cref="KafkaStream"/>) against the dev broker
/// (librdkafka's mock cluster in this process): records produced to the input topic before the run, keyed as
/// EVENTS.md asks, and consumed, repartitioned through the broker and aggregated by the application's stream threads.
/// The mock cluster does not answer CreateTopics, so every topic the application needs (its repartition topics and
/// its stores' changelogs) is created beforehand with the input's partition count, which is what Streamiz checks
/// before it would create one. The run is timed from the first call event folded to the last count windowed.
/// </summary>
internal sealed class StreamizBrokerPeer : IPeer
{
    private readonly ILoggerFactory _logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
    private MockKafkaCluster? _cluster;
    private KafkaStream? _stream;
    private int _runs;
    private int _partitions;

    public string Name => "streamiz_broker";

    public string Description => $"Streamiz.Kafka.Net 1.8.2 application (same topology), 1 stream thread, dev broker (mock Kafka cluster, {_partitions} partitions)";

    /// <summary>How long a run may go without a record processed (after the group's join) before it counts as stalled.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    public Func<PeerRun> Prepare(PeerWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Stop();
        var cluster = _cluster = new MockKafkaCluster(brokerCount: 1);
        // The mock keeps ~5 MB per partition: enough partitions that the input (and the internal topics) lose nothing.
        _partitions = BrokerStage.PartitionsFor(workload.Workload);
        var applicationId = $"{PeerTopology.ApplicationId}-{++_runs}";
        var topic = PeerTopology.InputTopic;
        cluster.CreateTopic(topic, _partitions);
        var progress = new TopologyProgress();
        var topology = PeerTopology.Build(progress);
        foreach (var name in InternalTopics(topology, applicationId))
        {
            cluster.CreateTopic(name, _partitions);
        }

        Produce(cluster.BootstrapServers, topic, workload);
        if (Dropped(cluster) is { } dropped)
        {
            throw new InvalidOperationException($"the dev broker dropped input records ({dropped}): the input needs more than {_partitions} partitions");
        }

        var config = new StreamConfig<StringSerDes, ByteArraySerDes>
        {
            ApplicationId = applicationId,
            BootstrapServers = cluster.BootstrapServers,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Streamiz's default, one stream thread: a second one measured no faster on this 2-core machine (the
            // in-process broker and librdkafka's threads share the cores) and joins the group late, which makes
            // the first thread rebalance mid-run.
            NumStreamThreads = 1,
            // Working through a backlog, the thread produces (repartition, changelog) faster than the in-process broker
            // takes it; with librdkafka's default queue of 100k messages the producer fails with Local_QueueFull and
            // Streamiz lets the stream thread die. librdkafka's maximum instead, as one would configure it.
            QueueBufferingMaxMessages = 10_000_000,
            Logger = _logging,
        };
        var callEvents = workload.Workload.CallEvents;
        return () =>
        {
            var stream = _stream = new KafkaStream(topology, config);
            stream.StartAsync().GetAwaiter().GetResult();
            var quiet = Stopwatch.StartNew();
            var seen = (Folded: 0L, Windowed: 0L);
            while (!progress.IsDone(callEvents))
            {
                if ((progress.Folded, progress.Windowed) != seen)
                {
                    seen = (progress.Folded, progress.Windowed);
                    quiet.Restart();
                }
                else if (quiet.Elapsed > StallTimeout)
                {
                    throw new TimeoutException($"Streamiz on the dev broker stalled: {progress.Folded} of {callEvents} call events folded, {progress.Windowed} of {progress.Emitted} counts windowed, nothing more for {StallTimeout.TotalSeconds:F0} s"
                        + (Dropped(cluster) is { } lost ? $"; the dev broker dropped records: {lost}" : "; the dev broker dropped no records"));
                }

                Thread.Sleep(5);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - progress.CpuAtFirstFold;
            var subset = PeerTopology.Read(
                stream.Store(StoreQueryParameters.FromNameAndType(PeerTopology.AgentStore, QueryableStoreTypes.WindowStore<string, AgentCounts>())),
                stream.Store(StoreQueryParameters.FromNameAndType(PeerTopology.QueueStore, QueryableStoreTypes.WindowStore<string, QueueCounts>())));
            return new PeerRun(subset, progress.ProcessingSeconds, cpu.TotalSeconds);
        };
    }

    public void Dispose()
    {
        Stop();
        _logging.Dispose();
    }

    /// <summary>The repartition topics of <paramref name="topology"/> and the changelogs of its stores, as Streamiz names them.</summary>
    private static IEnumerable<string> InternalTopics(Topology topology, string applicationId)
    {
        var repartitions = topology.Describe().SubTopologies
            .SelectMany(s => s.Nodes)
            .OfType<Streamiz.Kafka.Net.Stream.ISinkNodeDescription>()
            .Select(sink => sink.Topic)
            .Where(name => name.EndsWith("-repartition", StringComparison.Ordinal))
            .Distinct();
        foreach (var name in repartitions)
        {
            yield return $"{applicationId}-{name}";
        }

        foreach (var store in new[] { PeerTopology.CallStore, PeerTopology.AgentStore, PeerTopology.QueueStore })
        {
            yield return $"{applicationId}-{store}-changelog";
        }
    }

    private static void Produce(string bootstrap, string topic, PeerWorkload workload)
    {
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = bootstrap });
        for (var i = 0; i < workload.Count; i++)
        {
            // Keyed as EVENTS.md asks; the client's partitioner puts a key on one partition, so a call's events stay in order.
            producer.Produce(topic, workload.Keys[i], workload.Values[i]);
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }

    /// <summary>What the mock cluster's retention dropped so far (it keeps ~5 MB per partition), or null.</summary>
    private static string? Dropped(MockKafkaCluster cluster)
    {
        using var watch = new MockClusterRetentionWatch(cluster.BootstrapServers);
        var dropped = watch.CheckAsync().GetAwaiter().GetResult();
        return dropped.Count == 0 ? null : string.Join("; ", dropped);
    }

    private void Stop()
    {
        _stream?.Dispose();
        _stream = null;
        _cluster?.Dispose();
        _cluster = null;
    }
}
