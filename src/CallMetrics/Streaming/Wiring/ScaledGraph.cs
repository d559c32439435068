using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// Scaled mode's aggregator wiring of <see cref="MetricsGraph"/> (docs/OPERATIONS.md "Scaling out"): the repartition
/// topic in (<see cref="RepartitionInput"/>), one engine shard per repartition partition, whose engine is replaced when
/// the partition moves (restored from the checkpoint topic), the line sink, the dead-letter sink, the live observer, and
/// each owned partition's checkpoint written to the checkpoint topic when barriers align.
/// </summary>
internal sealed class ScaledGraph
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    private readonly PipelineOptions _options;
    private readonly ChannelReader<KafkaRecordBatch> _batches;
    private readonly KafkaEventSource? _consumer;
    private readonly RepartitionInput _input;
    private readonly EngineShard[] _shards;
    private readonly WindowFormatter _formatter;
    private readonly SymbolReleases _releases;
    private readonly Func<KafkaSources, Sink<StreamElement, NotUsed>> _deadLetters;
    private readonly LineSink _sink;
    private readonly TimeProvider _time;

    /// <summary>Builds the graph's parts; every shard starts with an empty engine until its partition is assigned.</summary>
    /// <param name="options">The pipeline options (<c>RepartitionPartitions</c> shards).</param>
    /// <param name="metrics">The metric definitions.</param>
    /// <param name="repartitionTopic">The repartition topic.</param>
    /// <param name="origins">Every partition of the input topics.</param>
    /// <param name="store">The checkpoint topic.</param>
    /// <param name="batches">What the aggregator's consumer hands over.</param>
    /// <param name="consumer">The aggregator's consumer (rebalances, commits); none in tests that feed the channel.</param>
    /// <param name="sink">Where lines go.</param>
    /// <param name="deadLetters">The dead-letter sink, given the partition numbering.</param>
    /// <param name="observer">The live view, or none.</param>
    /// <param name="time">Wall time.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="alerts">The alert rules' wiring (an evaluator per engine, in its snapshot, so it moves with the partition), or none.</param>
    public ScaledGraph(
        PipelineOptions options,
        MetricsOptions metrics,
        string repartitionTopic,
        IReadOnlyList<TopicPartition> origins,
        CheckpointTopicStore store,
        ChannelReader<KafkaRecordBatch> batches,
        KafkaEventSource? consumer,
        ISinkWriter sink,
        Func<KafkaSources, Sink<StreamElement, NotUsed>> deadLetters,
        IShardObserver? observer,
        TimeProvider time,
        ILogger logger,
        ServiceAlerts? alerts = null)
    {
        _options = options;
        _batches = batches;
        _consumer = consumer;
        _deadLetters = deadLetters;
        _time = time;
        Symbols = new SymbolTable();
        Sources = new KafkaSources(topics: origins.Select(o => o.Topic).Distinct());
        _releases = new SymbolReleases(Symbols);
        var partitions = options.RepartitionPartitions;
        var windows = new WindowPool();
        var releases = _releases;
        var symbols = Symbols;
        _shards = [.. Enumerable.Range(0, partitions).Select(k => new EngineShard(
            k,
            windowSink => ServiceGraph.ServiceEngine(alerts is not null
                ? alerts.Engine(metrics, windowSink, symbols, omitFields: null, time, releases.ReleaseScope(k), snapshot: null)
                : new MetricsEngine(metrics, windowSink, time, releases.ReleaseScope(k), symbols)),
            symbols,
            windows,
            Statistics,
            observer) { Identities = Sources.IdentityOf, Releases = releases })];
        var shards = _shards;
        _input = new RepartitionInput(
            repartitionTopic,
            partitions,
            Sources,
            origins,
            ks => store.ReadLast(ks, CheckpointReadTimeout),
            ks => store.LowWatermarks(repartitionTopic, ks, CheckpointReadTimeout),
            (k, snapshot, release) => ServiceGraph.ServiceEngine(alerts is not null
                ? alerts.Engine(metrics, shards[k], symbols, omitFields: null, time, release, snapshot)
                : snapshot is null
                ? new MetricsEngine(metrics, shards[k], time, release, symbols)
                : MetricsEngine.Restore(new MemoryStream(snapshot), symbols, metrics, shards[k], time, release)),
            logger);
        if (consumer is not null)
        {
            consumer.StartOffsets = _input.StartOffsets;
        }

        _formatter = new WindowFormatter(Symbols, omitFields: null, windows);
        Checkpoints = new TopicCheckpoints(store, Sources, repartitionTopic, consumer, Statistics, logger);
        _sink = new LineSink(sink, _formatter, new CheckpointAligner(partitions, Checkpoints.Complete).OnDurable);
    }

    /// <summary>How long reading a partition's checkpoint may take during an assignment.</summary>
    public static TimeSpan CheckpointReadTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The graph's counters.</summary>
    public PipelineStatistics Statistics { get; } = new();

    /// <summary>The graph's symbol table.</summary>
    public SymbolTable Symbols { get; }

    /// <summary>The numbering of partitions as sources: the origins.</summary>
    public KafkaSources Sources { get; }

    /// <summary>Asks for a checkpoint barrier.</summary>
    public BarrierTrigger Trigger { get; } = new();

    /// <summary>Where aligned checkpoints are written.</summary>
    public TopicCheckpoints Checkpoints { get; }

    /// <summary>Runs the graph: the kill switch stops consuming (a final barrier follows the last record); the task completes once it has drained.</summary>
    public (UniqueKillSwitch Stop, Task Done) Run(IMaterializer materializer) =>
        MetricsGraph.Service(
            Source.FromGraph(new KafkaSourceStage(_consumer, _batches, _input, n => Statistics.AddRecords(n))),

            // Origins idle by quiet alone: the aggregator cannot ask whether an origin is caught up (another instance
            // routes it), which is why SourceIdleTimeout must outlast a router's move (docs/OPERATIONS.md).
            new SourceIdleStage(new IdleSources(_options.SourceIdleTimeout, static (_, _) => true), _time, CheckEvery),
            new TickStage(_options.ProvisionalInterval, CheckEvery),
            new BarrierStage(Trigger),
            new RecordTranslator(static _ => null),
            new BatchDecoder(Symbols),
            _releases,
            [.. _shards.Select(shard => new EngineStage(() => shard))],
            new ShardRouter(_shards.Length, Symbols, sourcesInOrder: false),
            _deadLetters(Sources),
            _formatter,
            _sink).Run(materializer);
}
