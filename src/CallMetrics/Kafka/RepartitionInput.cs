using CallMetrics.Core.Processing;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Kafka;

/// <summary>
/// Scaled mode's aggregator input (docs/OPERATIONS.md "Scaling out"): the repartition topic, partition k feeding engine
/// shard k, read as the origins its records carry. An assigned partition replaces shard k's engine with its last
/// checkpoint's (<see cref="ShardReplaced"/>) and starts at that checkpoint's next offset; a revoked one replaces it
/// with an empty engine. Only exactly the next offset of an assigned partition is taken: records of a revoked
/// partition, and records handed over before a rebalance moved a partition back to its checkpoint, are dropped (the
/// consumer delivers them again, in order). Each record's position is its origin (the engine source, and where a dead
/// letter points); a progress marker becomes a <see cref="SourceProgress"/> for its own shard, where it stood among the
/// events; each batch ends with where the repartition partitions' input ends (the offsets a checkpoint resumes from).
/// </summary>
internal sealed class RepartitionInput : IKafkaInput
{
    private static readonly string MissingOrigin = "missing_origin: repartition record without its origin headers";

    private readonly string _topic;
    private readonly int _partitions;
    private readonly KafkaSources _sources;
    private readonly IReadOnlyList<TopicPartition> _origins;
    private readonly Func<IReadOnlyCollection<int>, IReadOnlyDictionary<int, PartitionCheckpoint>> _readCheckpoints;
    private readonly Func<IReadOnlyCollection<int>, IReadOnlyDictionary<int, long>> _lowWatermarks;
    private readonly Func<int, byte[]?, Action<int>, MetricsEngine> _createEngine;
    private readonly ILogger _logger;
    private readonly Dictionary<int, long> _starts = [];
    private readonly Dictionary<int, long> _next = [];
    private readonly List<int> _eventsOf = [];
    private bool _originsAnnounced;

    /// <summary>Creates the input.</summary>
    /// <param name="topic">The repartition topic.</param>
    /// <param name="partitions">Its partitions (the shards).</param>
    /// <param name="sources">The graph's numbering of partitions: the origins, and the repartition partitions' own (dead letters without an origin).</param>
    /// <param name="origins">Every partition of the input topics: each an engine source of every shard from the start.</param>
    /// <param name="readCheckpoints">The last checkpoint of each of the given repartition partitions that has one.</param>
    /// <param name="lowWatermarks">The first offset of each of the given repartition partitions.</param>
    /// <param name="createEngine">Builds shard k's engine, restored from a snapshot or empty, releasing call ids through the action.</param>
    /// <param name="logger">Logger.</param>
    public RepartitionInput(
        string topic,
        int partitions,
        KafkaSources sources,
        IReadOnlyList<TopicPartition> origins,
        Func<IReadOnlyCollection<int>, IReadOnlyDictionary<int, PartitionCheckpoint>> readCheckpoints,
        Func<IReadOnlyCollection<int>, IReadOnlyDictionary<int, long>> lowWatermarks,
        Func<int, byte[]?, Action<int>, MetricsEngine> createEngine,
        ILogger logger)
    {
        _topic = topic;
        _partitions = partitions;
        _sources = sources;
        _origins = origins;
        _readCheckpoints = readCheckpoints;
        _lowWatermarks = lowWatermarks;
        _createEngine = createEngine;
        _logger = logger;
        foreach (var origin in origins)
        {
            sources.SourceOf(origin.Topic, origin.Partition.Value);
        }
    }

    /// <summary>Where newly assigned partitions start (the consumer's <see cref="KafkaEventSource.StartOffsets"/>): their checkpoints'.</summary>
    public IReadOnlyDictionary<TopicPartition, long> StartOffsets(IReadOnlyList<TopicPartition> assigned)
    {
        lock (_starts)
        {
            return assigned.Where(p => _starts.ContainsKey(p.Partition.Value)).ToDictionary(p => p, p => _starts[p.Partition.Value]);
        }
    }

    /// <inheritdoc/>
    public void OnAssigned(IReadOnlyList<TopicPartition> partitions, Action<StreamElement> emit)
    {
        if (!_originsAnnounced)
        {
            // Every origin holds the watermark until it delivers or goes idle, even one that never delivers here.
            _originsAnnounced = true;
            foreach (var origin in _origins)
            {
                emit(new SourceChanged(_sources.SourceOf(origin.Topic, origin.Partition.Value), SourceChange.Registered));
            }
        }

        // Before the partitions are fetched: each one's last checkpoint, or its first offset and an empty engine.
        var ks = partitions.Select(p => p.Partition.Value).Where(k => k < _partitions).ToList();
        var checkpoints = _readCheckpoints(ks);
        var fresh = ks.Where(k => !checkpoints.ContainsKey(k)).ToList();
        var lows = fresh.Count == 0 ? new Dictionary<int, long>() : _lowWatermarks(fresh);
        foreach (var k in ks)
        {
            var checkpoint = checkpoints.GetValueOrDefault(k);
            var start = checkpoint?.NextOffset ?? lows[k];
            lock (_starts)
            {
                _starts[k] = start;
            }

            var shard = k;
            var snapshot = checkpoint?.Snapshot;
            emit(new ShardReplaced(k, start, EngineSources(checkpoint), release => _createEngine(shard, snapshot, release)));
            Hosting.ScaledLog.PartitionAssigned(_logger, _topic, k, start, checkpoint is null ? "no checkpoint: empty state" : "restored its checkpoint");
        }
    }

    /// <inheritdoc/>
    public void OnRevoked(IReadOnlyList<TopicPartition> partitions, Action<StreamElement> emit)
    {
        foreach (var k in partitions.Select(p => p.Partition.Value).Where(k => k < _partitions))
        {
            // The next owner restores the last checkpoint and reads on from there, as after a crash.
            var shard = k;
            emit(new ShardReplaced(k, -1, new Dictionary<int, int>(), release => _createEngine(shard, null, release)));
        }
    }

    /// <inheritdoc/>
    public void Passing(StreamElement change)
    {
        switch (change)
        {
            case ShardReplaced { IsAssigned: true } assigned:
                _next[assigned.Shard] = assigned.StartOffset;
                break;
            case ShardReplaced revoked:
                _next.Remove(revoked.Shard);
                break;
            default:
                break;
        }
    }

    /// <inheritdoc/>
    public void ToElements(KafkaRecordBatch batch, List<StreamElement> output)
    {
        var records = NewBatch(batch.Count);
        Dictionary<int, long> ends = [];
        foreach (var record in batch.Records)
        {
            var k = record.Partition;
            if (!_next.TryGetValue(k, out var next) || record.Offset != next)
            {
                continue;
            }

            _next[k] = next + 1;
            ends[k] = next + 1;
            if (!RepartitionHeaders.TryReadOrigin(record, out var origin, out var originOffset, out var progress))
            {
                records.AddRejected(record.Value, new SourcePosition(_sources.SourceOf(_topic, k), record.Offset), MissingOrigin, record.Key, record.Key is not null);
                continue;
            }

            var source = _sources.SourceOf(origin.Topic, origin.Partition.Value);
            if (progress is { } reached)
            {
                // A marker applies after the events of its shard before it: a batch holding some goes first.
                if (_eventsOf.Contains(k))
                {
                    output.Add(records);
                    records = NewBatch(batch.Count);
                }

                output.Add(new SourceProgress(source, reached, k));
                continue;
            }

            if (!_eventsOf.Contains(k))
            {
                _eventsOf.Add(k);
            }

            // Dead letters and late events name the position in the input, not in the internal topic.
            var position = new SourcePosition(source, originOffset);
            if (record.Value.Length > Files.LineChunkReader.MaxLineBytes)
            {
                records.AddRejected(record.Value, position, PartitionInput.TooLarge, record.Key, record.Key is not null);
            }
            else
            {
                records.Add(record.Value, position, record.Key, record.Key is not null);
            }
        }

        foreach (var (k, end) in ends)
        {
            records.InputEnds![k] = end;
        }

        output.Add(records);
    }

    private RecordBatch NewBatch(int count)
    {
        // Every part of a batch says where the input ends (none but the last moves it): its positions are the origins'.
        _eventsOf.Clear();
        return new RecordBatch(records: Math.Max(16, count)) { InputEnds = [] };
    }

    // The engine's numbering of origins: the checkpoint's (written by whichever instance owned the partition), with
    // the origins it does not know numbered after it.
    private Dictionary<int, int> EngineSources(PartitionCheckpoint? checkpoint)
    {
        var numbering = new Dictionary<int, int>();
        foreach (var (origin, source) in checkpoint?.Sources ?? new Dictionary<TopicPartition, int>())
        {
            numbering[_sources.SourceOf(origin.Topic, origin.Partition.Value)] = source;
        }

        foreach (var origin in _origins)
        {
            var graphSource = _sources.SourceOf(origin.Topic, origin.Partition.Value);
            if (!numbering.ContainsKey(graphSource))
            {
                numbering[graphSource] = numbering.Count == 0 ? 0 : numbering.Values.Max() + 1;
            }
        }

        return numbering;
    }
}
