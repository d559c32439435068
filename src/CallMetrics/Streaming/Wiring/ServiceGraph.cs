using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;
using CallMetrics.Kafka;
using PipelineOptions = CallMetrics.Pipeline.PipelineOptions;
using PipelineStatistics = CallMetrics.Pipeline.PipelineStatistics;
using CallMetrics.Streaming.Checkpoints;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// The service's single-instance wiring of <see cref="MetricsGraph"/>: record batches from a Kafka consumer (or, in
/// tests and benchmarks, from a channel fed directly), N engine shards (restored from a checkpoint when given), the
/// line sink, the dead-letter sink, the live observer, and checkpoints written when barriers align.
/// </summary>
internal sealed class ServiceGraph
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    private readonly PipelineOptions _options;
    private readonly ChannelReader<KafkaRecordBatch> _batches;
    private readonly KafkaEventSource? _consumer;
    private readonly IReadOnlyDictionary<int, long>? _restoredOffsets;
    private readonly IReadOnlyDictionary<int, byte[]>? _restoredTranslators;
    private readonly IReadOnlyList<EngineShard> _shards;
    private readonly WindowFormatter _formatter;
    private readonly SymbolReleases _releases;
    private readonly Func<KafkaSources, Sink<StreamElement, NotUsed>> _deadLetters;
    private readonly LineSink _sink;
    private readonly TimeProvider _time;

    /// <summary>Builds the graph's parts; engines are built (and restored: restoring interns names) now, before the graph runs.</summary>
    /// <param name="options">The pipeline options.</param>
    /// <param name="metrics">The metric definitions.</param>
    /// <param name="topics">The input topics, in configured order (for fields no input format provides, and each partition's rank).</param>
    /// <param name="checkpoint">A checkpoint to restore, or none.</param>
    /// <param name="stateDirectory">Where checkpoints are written; none: no checkpoints.</param>
    /// <param name="batches">What the consumer hands over.</param>
    /// <param name="consumer">The consumer (rebalances, caught-up queries, commits); none in process: every quiet source is caught up.</param>
    /// <param name="sink">Where lines go.</param>
    /// <param name="deadLetters">The dead-letter sink, given the partition numbering.</param>
    /// <param name="observer">The live view, or none.</param>
    /// <param name="time">Wall time.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="alerts">The alert rules' wiring (an evaluator per engine, in its snapshot), or none.</param>
    public ServiceGraph(
        PipelineOptions options,
        MetricsOptions metrics,
        IReadOnlyCollection<string>? topics,
        CheckpointFile? checkpoint,
        string? stateDirectory,
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
        _releases = new SymbolReleases(Symbols);
        Sources = new KafkaSources(checkpoint?.Sources, topics);
        _restoredOffsets = checkpoint is null ? null : Sources.ToSources(checkpoint.NextOffsets);
        _restoredTranslators = checkpoint?.TranslatorStates.ToDictionary(kv => Sources.SourceOf(kv.Key.Topic, kv.Key.Partition.Value), kv => kv.Value);
        var windows = new WindowPool();
        var releases = _releases;
        var symbols = Symbols;
        var omitFields = InputFormats.OmittedFields(options, topics);
        _shards = [.. Enumerable.Range(0, options.Shards).Select(k => new EngineShard(
            k,
            windowSink => ServiceEngine(alerts is not null
                ? alerts.Engine(metrics, windowSink, symbols, omitFields, time, releases.ReleaseScope(k), checkpoint?.ShardSnapshots[k])
                : checkpoint is null
                ? new MetricsEngine(metrics, windowSink, time, releases.ReleaseScope(k), symbols)
                : MetricsEngine.Restore(new MemoryStream(checkpoint.ShardSnapshots[k]), symbols, metrics, windowSink, time, releases.ReleaseScope(k))),
            symbols,
            windows,
            Statistics,
            observer) { Identities = Sources.IdentityOf, Releases = releases })];
        _formatter = new WindowFormatter(Symbols, omitFields, windows);
        Checkpoints = new FileCheckpoints(stateDirectory, Sources, consumer, Statistics, logger);
        _sink = new LineSink(sink, _formatter, new CheckpointAligner(options.Shards, Checkpoints.Complete).OnDurable);
    }

    /// <summary>
    /// A service's engine writes <c>fcr_metrics</c> as its watermark moves (METRICS.md "Repeat contacts": provisional
    /// until the watermark passes the interval's end plus the FCR window), not only on provisional ticks.
    /// </summary>
    internal static MetricsEngine ServiceEngine(MetricsEngine engine)
    {
        engine.WritesContactsAsWatermarkMoves = true;
        return engine;
    }

    /// <summary>The graph's counters.</summary>
    public PipelineStatistics Statistics { get; } = new();

    /// <summary>The graph's symbol table.</summary>
    public SymbolTable Symbols { get; }

    /// <summary>The numbering of partitions as sources.</summary>
    public KafkaSources Sources { get; }

    /// <summary>Asks for a checkpoint barrier.</summary>
    public BarrierTrigger Trigger { get; } = new();

    /// <summary>Where aligned checkpoints are written.</summary>
    public FileCheckpoints Checkpoints { get; }

    /// <summary>Runs the graph: the kill switch stops consuming (a final barrier follows the last record); the task completes once it has drained.</summary>
    public (UniqueKillSwitch Stop, Task Done) Run(IMaterializer materializer)
    {
        var consumer = _consumer;
        var sources = Sources;
        Func<int, long?, bool> isCaughtUp = consumer is null ? (_, _) => true : (source, next) => consumer.IsCaughtUp(sources.PartitionOf(source), next);
        var options = _options;
        return MetricsGraph.Service(
            Source.FromGraph(new KafkaSourceStage(consumer, _batches, Sources, n => Statistics.AddRecords(n))),
            new SourceIdleStage(new IdleSources(options.SourceIdleTimeout, isCaughtUp, _restoredOffsets), _time, CheckEvery),
            new TickStage(options.ProvisionalInterval, CheckEvery),
            new BarrierStage(Trigger, _restoredOffsets),
            new RecordTranslator(source => InputFormats.TranslatorFor(options, sources.PartitionOf(source).Topic), _restoredTranslators),
            new BatchDecoder(Symbols),
            _releases,
            [.. _shards.Select(shard => new EngineStage(() => shard))],
            new ShardRouter(options.Shards, Symbols),
            _deadLetters(Sources),
            _formatter,
            _sink).Run(materializer);
    }
}
