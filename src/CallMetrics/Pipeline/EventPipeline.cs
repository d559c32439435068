using System.Threading.Channels;
using CallMetrics.Core.Events;
using CallMetrics.Kafka;
using CallMetrics.Streaming.Checkpoints;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Pipeline;

/// <summary>
/// The streaming graph, in one place:
/// <code>
///   Kafka source ──KafkaRecordBatch──▶ decode + route by tenant ──ShardBatch──▶ engine shard × N ──line protocol──▶ InfluxDB sink
///   (consumer thread)                 (one task: one symbol-table writer)     (one owner per tenant: no locks)   (batching, retries)
///                                      └── undecodable ──▶ dead-letter topic    └── late ──▶ dead-letter topic
/// </code>
/// Every arrow is a bounded channel of batches: when the sink is slow, the shards wait, the decode
/// stage waits, the source stops polling, and Kafka keeps the rest. Offsets are committed only at
/// checkpoints, after everything the consumed events produced is durable (see docs/OPERATIONS.md).
/// </summary>
/// <remarks>
/// Events are routed by tenant, not by call or agent: <c>call.answered</c> changes a call and an agent
/// at once, and surveys, transfers and wraps cross the two, so only the tenant splits the state
/// without cross-shard messages. One tenant is therefore bounded by one core (millions of events/s).
/// </remarks>
internal sealed class EventPipeline
{
    private readonly PipelineOptions _options;
    private readonly Core.Options.MetricsOptions _metrics;
    private readonly ISinkWriter _sink;
    private readonly IDeadLetterDestination _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EventPipeline(
        PipelineOptions options,
        Core.Options.MetricsOptions metrics,
        ISinkWriter sink,
        IDeadLetterDestination deadLetters,
        TimeProvider time,
        ILogger logger,
        CheckpointFile? restoreFrom = null,
        IShardObserver? observer = null,
        IReadOnlyCollection<string>? inputTopics = null,
        ScaledInput? scaled = null)
    {
        _options = options;
        _metrics = metrics;
        _sink = sink;
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        Symbols = new SymbolTable();
        Statistics = new PipelineStatistics();
        Input = Channel.CreateBounded<KafkaRecordBatch>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, SingleWriter = true });
        // Scaled mode: one shard per repartition partition, whatever Shards says (docs/OPERATIONS.md "Scaling out").
        var shardCount = scaled?.Partitions ?? options.Shards;
        ShardInputs = new Channel<ShardBatch>[shardCount];
        Shards = new EngineShard[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            ShardInputs[i] = Channel.CreateBounded<ShardBatch>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, SingleWriter = true });
            Shards[i] = new EngineShard(i, metrics, Symbols, sink, deadLetters, Statistics, restoreFrom?.ShardSnapshots[i], observer, OmittedFields(options, inputTopics), time,
                // Only single mode releases call ids: in scaled mode a revoked partition's engine and the one later
                // restored for it in the same process share the symbol table, and the old engine's releases could
                // remove names the restored engine still uses.
                scaled is null ? ReleasedSymbols.Enqueue : null);
        }

        Decode = new DecodeStage(
            Symbols,
            [.. ShardInputs.Select(c => c.Writer)],
            deadLetters,
            Statistics,
            options,
            time,
            scaled,
            scaled is null ? null : (shard, snapshot) => Shards[shard].CreateEngine(snapshot));
        Decode.ReleasedSymbols = ReleasedSymbols;

        // Enough for every batch in flight (queued to each shard, being applied, being filled) to come back.
        var pool = new ShardBatchPool((shardCount * (options.QueueCapacity + 2)) + 2);
        Decode.BatchPool = pool;
        foreach (var shard in Shards)
        {
            shard.BatchPool = pool;
        }
        if (restoreFrom is not null)
        {
            Decode.RestoreSources(restoreFrom.Sources, restoreFrom.NextOffsets);
        }
    }

    /// <summary>Where the Kafka source writes record batches.</summary>
    public Channel<KafkaRecordBatch> Input { get; }

    public SymbolTable Symbols { get; }

    /// <summary>Call ids the shards forgot, released by the decode stage (the symbol table's only writer).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<int> ReleasedSymbols { get; } = new();

    public PipelineStatistics Statistics { get; }

    public DecodeStage Decode { get; }

    public EngineShard[] Shards { get; }

    private Channel<ShardBatch>[] ShardInputs { get; }

    /// <summary>Runs the stages until the input channel completes and everything has drained into the sink.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var shards = Shards.Select((shard, i) => Task.Run(() => shard.RunAsync(ShardInputs[i].Reader, cancellationToken), cancellationToken)).ToArray();
        var decode = Task.Run(() => Decode.RunAsync(Input.Reader, cancellationToken), cancellationToken);
        try
        {
            await Task.WhenAll([decode, .. shards]).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            PipelineLog.StageFailed(_logger, exception);
            throw;
        }
    }

    /// <summary>
    /// Fields no input can provide: those every input topic's format lacks (none when any topic carries
    /// canonical events). They are left out rather than written as a wrong zero.
    /// </summary>
    private static HashSet<string>? OmittedFields(PipelineOptions options, IReadOnlyCollection<string>? topics)
    {
        if (topics is null || topics.Count == 0 || !topics.All(options.InputFormats.ContainsKey))
        {
            return null;
        }

        HashSet<string>? omitted = null;
        foreach (var topic in topics)
        {
            if (!Inputs.EventTranslators.TryCreate(options.InputFormats[topic], options.Translator, out var translator, out _))
            {
                return null;
            }

            omitted = omitted is null ? [.. translator!.UnavailableFields] : [.. omitted.Intersect(translator!.UnavailableFields)];
        }

        return omitted;
    }

    /// <summary>Partitions assigned to this consumer.</summary>
    public void OnAssigned(IEnumerable<TopicPartition> partitions) => Decode.OnPartitions(partitions, SourceChange.Registered);

    /// <summary>Partitions revoked from this consumer.</summary>
    public void OnRevoked(IEnumerable<TopicPartition> partitions) => Decode.OnPartitions(partitions, SourceChange.Removed);
}
