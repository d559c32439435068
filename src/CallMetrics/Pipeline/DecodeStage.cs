using System.IO.Hashing;
using System.Text;
using System.Threading.Channels;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Kafka;
using Confluent.Kafka;

using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Pipeline;

/// <summary>
/// Stage 2 of the graph: decodes each Kafka record into a canonical event, dead-letters what cannot be
/// decoded (with reason and position), numbers partitions as engine sources, and routes each event to
/// the shard that owns its tenant. One task, one decoder, so the symbol table has one writer.
/// </summary>
internal sealed class DecodeStage
{
    private readonly EventDecoder _decoder;
    private readonly ChannelWriter<ShardBatch>[] _shards;
    private readonly IDeadLetterDestination _deadLetters;
    private readonly PipelineStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly PipelineOptions _options;
    private readonly Dictionary<TopicPartition, int> _sources = [];

    // _sources by topic name and partition number, with the key object: a run of records (one per record when
    // partitions interleave) looks its partition up without allocating a TopicPartition. Sources are never removed.
    private readonly Dictionary<(string Topic, int Partition), (TopicPartition Key, int Source)> _known = [];
    private readonly Dictionary<int, long> _lastDelivery = [];
    private readonly HashSet<int> _idle = [];
    private readonly int[] _shardOfTenant = new int[1024];
    private readonly Lock _pendingGate = new();
    private readonly List<(TopicPartition Partition, SourceChange Change)> _pendingChanges = [];
    private readonly Dictionary<TopicPartition, long> _nextOffsets = [];
    private readonly Dictionary<TopicPartition, Inputs.IEventTranslator> _translators = [];
    private readonly List<byte[]> _translated = [];
    private readonly Dictionary<int, long> _sourceReached = [];
    private readonly HashSet<int> _sourcesInBatch = [];

    // Per shard: events went to it since its last idle tick (ShardBatch.Tick).
    private readonly bool[] _deliveredSinceTick;

    // Sources that delivered records in the batch being decoded: stamped as delivering when it is done.
    private readonly List<int> _deliveredInBatch = [];
    private TaskCompletionSource<CheckpointCapture>? _checkpointRequest;
    private long _lastProvisional;

    // Scaled mode only (null otherwise): see DecodeScaledAsync.
    private readonly ScaledInput? _scaled;
    private readonly Func<int, byte[]?, Core.Processing.MetricsEngine>? _createEngine;
    private readonly Dictionary<TopicPartition, int>[] _shardSources = [];
    private readonly Dictionary<int, long> _shardNext = [];
    private readonly List<ShardAssignment> _pendingShards = [];
    private readonly Dictionary<TopicPartition, long> _originDelivery = [];
    private readonly HashSet<TopicPartition> _idleOrigins = [];

    /// <summary>Call ids the shards no longer refer to; released here, on the symbol table's writer.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<int>? ReleasedSymbols { get; set; }

    private void ReleaseForgottenSymbols()
    {
        if (ReleasedSymbols is null)
        {
            return;
        }

        while (ReleasedSymbols.TryDequeue(out var symbol))
        {
            _decoder.Symbols.Release(symbol);
        }
    }

    /// <summary>
    /// Tells whether a partition has caught up with the end of its data (the Kafka source knows); null treats
    /// every quiet partition as caught up (tests without a broker). A partition that is merely slow, or held
    /// back by a full sink, must not go idle: its events would then be late.
    /// </summary>
    public Func<TopicPartition, long?, bool>? IsCaughtUp { get; set; }

    /// <summary>Where shard batches come from (and empty ones go back to); none: a new batch each time.</summary>
    public ShardBatchPool? BatchPool { get; set; }

    public DecodeStage(
        SymbolTable symbols,
        ChannelWriter<ShardBatch>[] shards,
        IDeadLetterDestination deadLetters,
        PipelineStatistics statistics,
        PipelineOptions options,
        TimeProvider time,
        ScaledInput? scaled = null,
        Func<int, byte[]?, Core.Processing.MetricsEngine>? createEngine = null)
    {
        _scaled = scaled;
        _createEngine = createEngine;
        if (scaled is not null)
        {
            ArgumentNullException.ThrowIfNull(createEngine);
            _shardSources = new Dictionary<TopicPartition, int>[shards.Length];
            for (var i = 0; i < shards.Length; i++)
            {
                _shardSources[i] = [];
            }
        }

        _decoder = new EventDecoder(symbols);
        _shards = shards;
        _deliveredSinceTick = new bool[shards.Length];
        _deadLetters = deadLetters;
        _statistics = statistics;
        _options = options;
        _time = time;
        _lastProvisional = time.GetTimestamp();
        Array.Fill(_shardOfTenant, -1);
    }

    /// <summary>The shard that owns a tenant: a stable hash of its name, so a restart routes the same way.</summary>
    public static int ShardOf(string tenant, int shards) =>
        (int)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(tenant)) % (ulong)shards);

    /// <summary>Called from the Kafka consumer thread on assignment/revocation: applied in order before the next batch.</summary>
    public void OnPartitions(IEnumerable<TopicPartition> partitions, SourceChange change)
    {
        lock (_pendingGate)
        {
            foreach (var partition in partitions)
            {
                _pendingChanges.Add((partition, change));
            }
        }
    }

    /// <summary>
    /// Scaled mode, on the consumer thread during assignment: repartition partition <paramref name="shard"/> is
    /// now this instance's, starting at <paramref name="startOffset"/> with the state of <paramref name="checkpoint"/>
    /// (an empty engine when null). Applied before the partition's first record.
    /// </summary>
    public void OnShardAssigned(int shard, PartitionCheckpoint? checkpoint, long startOffset)
    {
        lock (_pendingGate)
        {
            _pendingShards.Add(new ShardAssignment(shard, Assigned: true, checkpoint, startOffset));
        }
    }

    /// <summary>Scaled mode, on the consumer thread during a rebalance: the shard drops its state (its next owner resumes from the last checkpoint).</summary>
    public void OnShardRevoked(int shard)
    {
        lock (_pendingGate)
        {
            _pendingShards.Add(new ShardAssignment(shard, Assigned: false, null, -1));
        }
    }

    /// <summary>The offsets after the last record decoded, per partition (for the final checkpoint at shutdown).</summary>
    public IReadOnlyDictionary<TopicPartition, long> NextOffsets => _nextOffsets;

    /// <summary>The numbering of partitions as engine sources.</summary>
    public IReadOnlyDictionary<TopicPartition, int> Sources => _sources;

    /// <summary>Restores the partition numbering of a checkpoint (before the stage runs).</summary>
    public void RestoreSources(IReadOnlyDictionary<TopicPartition, int> sources, IReadOnlyDictionary<TopicPartition, long> nextOffsets)
    {
        foreach (var (partition, source) in sources)
        {
            _sources[partition] = source;
        }

        foreach (var (partition, offset) in nextOffsets)
        {
            _nextOffsets[partition] = offset;
        }
    }

    /// <summary>
    /// Asks for a checkpoint barrier after the batch being decoded; completes with what the checkpointer
    /// needs. Called from another task; at most one request at a time.
    /// </summary>
    public Task<CheckpointCapture> RequestCheckpointAsync()
    {
        var request = new TaskCompletionSource<CheckpointCapture>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _checkpointRequest, request, null) is { } pending)
        {
            return pending.Task;
        }

        return request.Task;
    }

    /// <summary>Reads record batches until the input completes; then completes the shards' inputs.</summary>
    public async Task RunAsync(ChannelReader<KafkaRecordBatch> input, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var hasData = await WaitAsync(input, cancellationToken).ConfigureAwait(false);
                var batches = NewBatches();
                ReleaseForgottenSymbols();

                // Read first, then apply the changes: a change raised on the consumer thread before the batch
                // was handed over (an assignment) is then always applied before the batch's records.
                var batch = hasData && input.TryRead(out var read) ? read : null;
                ApplyPendingChanges(batches);
                if (batch is not null)
                {
                    if (_scaled is null)
                    {
                        await DecodeAsync(batch, batches, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await DecodeScaledAsync(batch, batches, cancellationToken).ConfigureAwait(false);
                    }
                }

                await MarkIdleSourcesAsync(batches, cancellationToken).ConfigureAwait(false);
                if (!hasData)
                {
                    // Input paused (no record for the wait's 250 ms) after events: one tick lets a shard that had events
                    // publish what it held back, e.g. the live picture of the last events before a lull.
                    for (var i = 0; i < batches.Length; i++)
                    {
                        batches[i].Tick = _deliveredSinceTick[i];
                        _deliveredSinceTick[i] = false;
                    }
                }

                if (_options.ProvisionalInterval > TimeSpan.Zero && _time.GetElapsedTime(_lastProvisional) >= _options.ProvisionalInterval)
                {
                    _lastProvisional = _time.GetTimestamp();
                    foreach (var b in batches)
                    {
                        b.WriteProvisional = true;
                    }
                }

                if (Interlocked.Exchange(ref _checkpointRequest, null) is { } request)
                {
                    var snapshots = new Task<byte[]>[batches.Length];
                    for (var i = 0; i < batches.Length; i++)
                    {
                        batches[i].Checkpoint = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                        snapshots[i] = batches[i].Checkpoint!.Task;
                    }

                    request.TrySetResult(_scaled is null
                        ? new CheckpointCapture(new Dictionary<TopicPartition, long>(_nextOffsets), new Dictionary<TopicPartition, int>(_sources), snapshots)
                        : new CheckpointCapture(
                            _shardNext.ToDictionary(kv => new TopicPartition(_scaled.RepartitionTopic, new Partition(kv.Key)), kv => kv.Value),
                            new Dictionary<TopicPartition, int>(),
                            snapshots)
                        {
                            ShardSources = [.. _shardSources.Select(d => (IReadOnlyDictionary<TopicPartition, int>)new Dictionary<TopicPartition, int>(d))],
                        });
                }

                for (var i = 0; i < _shards.Length; i++)
                {
                    if (!batches[i].IsEmpty)
                    {
                        _deliveredSinceTick[i] |= batches[i].Events.Count > 0;
                        await _shards[i].WriteAsync(batches[i], cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        BatchPool?.Return(batches[i]);
                    }
                }

                if (!hasData && input.Completion.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            Interlocked.Exchange(ref _checkpointRequest, null)?.TrySetCanceled(CancellationToken.None);
            foreach (var shard in _shards)
            {
                shard.TryComplete();
            }
        }
    }

    private async Task<bool> WaitAsync(ChannelReader<KafkaRecordBatch> input, CancellationToken cancellationToken)
    {
        // Wake up now and then even without input, so idle partitions and provisional writes still happen.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(250));
        try
        {
            return await input.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private ShardBatch[] NewBatches()
    {
        var batches = new ShardBatch[_shards.Length];
        for (var i = 0; i < batches.Length; i++)
        {
            batches[i] = BatchPool?.Rent() ?? new ShardBatch();
        }

        return batches;
    }

    private async Task DecodeAsync(KafkaRecordBatch batch, ShardBatch[] batches, CancellationToken cancellationToken)
    {
        _statistics.AddRecords(batch.Count);
        var now = _time.GetTimestamp();

        // Records come in runs of one partition (a fetch is per partition): the bookkeeping keyed by partition
        // (next offset, last delivery, idle) is done once per run, not once per record.
        string? runTopic = null;
        TopicPartition? runKey = null;
        var runPartition = -1;
        var runSource = -1;
        long runNext = 0;
        foreach (var record in batch.Records)
        {
            if (record.Partition != runPartition || !string.Equals(record.Topic, runTopic, StringComparison.Ordinal))
            {
                if (runKey is not null)
                {
                    _nextOffsets[runKey] = runNext;
                }

                runTopic = record.Topic;
                runPartition = record.Partition;
                (runKey, runSource) = Known(record.Topic, record.Partition, batches);
                if (!_deliveredInBatch.Contains(runSource))
                {
                    _deliveredInBatch.Add(runSource); // a few partitions: a list beats a set
                }

                if (_idle.Contains(runSource))
                {
                    // A partition resumes after a lull: the others that went idle in the lull (or while the sink
                    // held consumption back) are likely to resume too, with events as old as this one's. Until
                    // they deliver or idle out again, they all hold the watermark, so none of their events is late.
                    foreach (var resumed in _idle)
                    {
                        _lastDelivery[resumed] = now;
                        foreach (var b in batches)
                        {
                            b.SourceChanges.Add((resumed, SourceChange.Registered));
                        }
                    }

                    _idle.Clear();
                }
            }

            var source = runSource;
            runNext = record.Offset + 1;
            if (record.Value.Length > Files.LineChunkReader.MaxLineBytes)
            {
                _statistics.AddDeadLettered(RejectReason.TooLarge.Code());
                await _deadLetters.SendAsync(record, $"{RejectReason.TooLarge.Code()}: message is larger than {Files.LineChunkReader.MaxLineBytes} bytes", cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (TranslatorFor(record) is { } translator)
            {
                // A vendor format: one record becomes zero or more canonical events.
                _translated.Clear();
                if (!translator.TryTranslate(record.Value, record.Offset, _translated, out var reason))
                {
                    _statistics.AddDeadLettered("untranslatable");
                    await _deadLetters.SendAsync(record, "untranslatable: " + reason, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var json in _translated)
                {
                    await RouteAsync(json, record, source, batches, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            await RouteAsync(record.Value, record, source, batches, cancellationToken).ConfigureAwait(false);
        }

        if (runKey is not null)
        {
            _nextOffsets[runKey] = runNext;
        }

        // A partition delivered until the end of this batch, however long decoding it took (a cold start, a slow
        // dead-letter topic): stamped when the batch started, one decoded in more than SourceIdleTimeout made its own
        // partition look idle right after it, with more of its records still to come.
        var end = _time.GetTimestamp();
        foreach (var source in _deliveredInBatch)
        {
            _lastDelivery[source] = end;
        }

        _deliveredInBatch.Clear();

        // With several shards, each engine sees only its own tenants' events, so a partition would advance in a
        // shard only through those: a shard whose tenants fell quiet would never close its last windows while
        // the partitions move on. Every shard learns how far each partition got, after the events it covers.
        if (_shards.Length > 1)
        {
            foreach (var source in _sourcesInBatch)
            {
                foreach (var b in batches)
                {
                    b.Progress.Add((b.Events.Count, source, _sourceReached[source]));
                }
            }
        }

        _sourcesInBatch.Clear();
    }

    private async Task RouteAsync(byte[] json, KafkaRecord record, int source, ShardBatch[] batches, CancellationToken cancellationToken)
    {
        var result = _decoder.Decode(json, out var e);
        if (!result.IsOk)
        {
            _statistics.AddDeadLettered(result.Reason.Code());
            await _deadLetters.SendAsync(record, result.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        batches[ShardOfSymbol(e.Tenant)].Add(e, source, record);
        if (_shards.Length > 1)
        {
            _sourceReached[source] = _sourceReached.TryGetValue(source, out var reached) ? Math.Max(reached, e.Timestamp) : e.Timestamp;
            _sourcesInBatch.Add(source);
        }
    }

    private Inputs.IEventTranslator? TranslatorFor(in KafkaRecord record)
    {
        if (_options.InputFormats.Count == 0 || !_options.InputFormats.TryGetValue(record.Topic, out var format))
        {
            return null;
        }

        // One translator per partition: each follows the calls and agents of its own ordered stream.
        var key = new TopicPartition(record.Topic, new Partition(record.Partition));
        if (!_translators.TryGetValue(key, out var translator))
        {
            Inputs.EventTranslators.TryCreate(format, _options.Translator, out translator, out _);
            _translators[key] = translator!;
        }

        return translator;
    }

    private int ShardOfSymbol(int tenant)
    {
        if (_shards.Length == 1)
        {
            return 0;
        }

        if (tenant < _shardOfTenant.Length)
        {
            var known = _shardOfTenant[tenant];
            if (known >= 0)
            {
                return known;
            }

            return _shardOfTenant[tenant] = ShardOf(_decoder.Symbols[tenant], _shards.Length);
        }

        return ShardOf(_decoder.Symbols[tenant], _shards.Length);
    }

    private int SourceOf(string topic, int partition, ShardBatch[] batches) => Known(topic, partition, batches).Source;

    /// <summary>The partition's key and source number, registering it when new; no allocation once it is known.</summary>
    private (TopicPartition Key, int Source) Known(string topic, int partition, ShardBatch[] batches)
    {
        if (_known.TryGetValue((topic, partition), out var known))
        {
            return known;
        }

        var key = new TopicPartition(topic, new Partition(partition));
        if (!_sources.TryGetValue(key, out var source))
        {
            source = _sources.Count;
            _sources.Add(key, source);
            foreach (var b in batches)
            {
                b.SourceChanges.Add((source, SourceChange.Registered));
            }
        }

        known = (key, source);
        _known[(topic, partition)] = known;
        return known;
    }

    private void ApplyPendingChanges(ShardBatch[] batches)
    {
        lock (_pendingGate)
        {
            foreach (var change in _pendingShards)
            {
                ApplyShardChange(change, batches);
            }

            _pendingShards.Clear();
            foreach (var (partition, change) in _pendingChanges)
            {
                var source = SourceOf(partition.Topic, partition.Partition.Value, batches);
                if (change == SourceChange.Registered)
                {
                    _lastDelivery[source] = _time.GetTimestamp();
                    _idle.Remove(source);
                }

                foreach (var b in batches)
                {
                    b.SourceChanges.Add((source, change));
                }
            }

            _pendingChanges.Clear();
        }
    }

    private async Task MarkIdleSourcesAsync(ShardBatch[] batches, CancellationToken cancellationToken)
    {
        if (_scaled is not null)
        {
            MarkIdleOrigins(batches);
            return;
        }

        List<int>? idled = null;
        foreach (var (source, last) in _lastDelivery)
        {
            if (!_idle.Contains(source) && _time.GetElapsedTime(last) >= _options.SourceIdleTimeout)
            {
                var partition = _sources.First(kv => kv.Value == source).Key;
                if (IsCaughtUp is null || IsCaughtUp(partition, _nextOffsets.TryGetValue(partition, out var next) ? next : null))
                {
                    (idled ??= []).Add(source);
                }
            }
        }

        foreach (var source in idled ?? [])
        {
            // A vendor-format partition that went quiet: release what its translator held back to reorder,
            // before the partition stops holding the watermark.
            var partition = _sources.First(kv => kv.Value == source).Key;
            if (_translators.TryGetValue(partition, out var translator))
            {
                _translated.Clear();
                translator.Complete(_translated);
                var record = new KafkaRecord(partition.Topic, partition.Partition.Value, _nextOffsets.GetValueOrDefault(partition) - 1, null, [], default);
                foreach (var json in _translated.ToList())
                {
                    await RouteAsync(json, record, source, batches, cancellationToken).ConfigureAwait(false);
                }

                if (_translated.Count > 0)
                {
                    continue; // the released events go first; the partition idles on the next pass
                }
            }

            _idle.Add(source);
            foreach (var b in batches)
            {
                b.SourceChanges.Add((source, SourceChange.Idle));
            }
        }
    }

    // Scaled mode: a record of repartition partition k goes to shard k; its engine source is its ORIGIN
    // partition (from the headers), numbered densely per shard. Only the next expected offset of an assigned
    // partition is accepted: records of a revoked partition, and records handed over before a rebalance
    // moved the partition back to its checkpoint, are dropped (the consumer delivers them again in order).
    private async Task DecodeScaledAsync(KafkaRecordBatch batch, ShardBatch[] batches, CancellationToken cancellationToken)
    {
        var records = 0;
        var now = _time.GetTimestamp();
        foreach (var repartitioned in batch.Records)
        {
            var shard = repartitioned.Partition;
            if (shard >= _shards.Length || !_shardNext.TryGetValue(shard, out var next) || repartitioned.Offset != next)
            {
                continue;
            }

            _shardNext[shard] = next + 1;
            if (!RepartitionHeaders.TryReadOrigin(repartitioned, out var origin, out var originOffset, out var progress))
            {
                _statistics.AddDeadLettered("missing_origin");
                await _deadLetters.SendAsync(repartitioned, "missing_origin: repartition record without its origin headers", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var source = SourceOfOrigin(shard, origin, batches);
            _originDelivery[origin] = now;
            if (_idleOrigins.Remove(origin))
            {
                foreach (var k in _shardNext.Keys)
                {
                    batches[k].SourceChanges.Add((SourceOfOrigin(k, origin, batches), SourceChange.Registered));
                }
            }

            if (progress is { } reached)
            {
                // A marker: not a record of the input, so not counted as one.
                batches[shard].Progress.Add((batches[shard].Events.Count, source, reached));
                continue;
            }

            records++;

            // Dead letters and late events name the position in the input, not in the internal topic.
            var record = repartitioned with { Topic = origin.Topic, Partition = origin.Partition.Value, Offset = originOffset };
            var result = record.Value.Length > Files.LineChunkReader.MaxLineBytes
                ? DecodeResult.Reject(RejectReason.TooLarge, $"message is larger than {Files.LineChunkReader.MaxLineBytes} bytes")
                : _decoder.Decode(record.Value, out _);
            if (!result.IsOk)
            {
                _statistics.AddDeadLettered(result.Reason.Code());
                await _deadLetters.SendAsync(record, result.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            _decoder.Decode(record.Value, out var e);
            batches[shard].Add(e, source, record);
        }

        _statistics.AddRecords(records);
    }

    private int SourceOfOrigin(int shard, TopicPartition origin, ShardBatch[] batches)
    {
        var sources = _shardSources[shard];
        if (!sources.TryGetValue(origin, out var source))
        {
            // An origin partition added after the start (the input topic grew): it holds the watermark from now on.
            source = sources.Count;
            sources.Add(origin, source);
            batches[shard].SourceChanges.Add((source, SourceChange.Registered));
        }

        return source;
    }

    private void ApplyShardChange(ShardAssignment change, ShardBatch[] batches)
    {
        var k = change.Shard;
        if (k >= _shards.Length)
        {
            return;
        }

        var batch = batches[k];
        if (!change.Assigned)
        {
            // Revoked: the next owner restores the last checkpoint and reads on from there, as after a crash.
            _shardNext.Remove(k);
            _shardSources[k].Clear();
            batch.ReplaceEngine = _createEngine!(k, null);
            batch.DiscardOutput = true;
            return;
        }

        // Built here, on the decode task, because restoring interns names in the symbol table (one writer).
        batch.ReplaceEngine = _createEngine!(k, change.Checkpoint?.Snapshot);
        batch.DiscardOutput = true;
        var sources = _shardSources[k];
        sources.Clear();
        foreach (var (origin, source) in change.Checkpoint?.Sources ?? new Dictionary<TopicPartition, int>())
        {
            sources[origin] = source;
        }

        foreach (var origin in _scaled!.Origins)
        {
            if (!sources.ContainsKey(origin))
            {
                sources[origin] = sources.Count == 0 ? 0 : sources.Values.Max() + 1;
            }
        }

        var now = _time.GetTimestamp();
        foreach (var (origin, source) in sources)
        {
            // Every origin holds the watermark until it delivers here or goes idle; one already idle stays idle.
            batch.SourceChanges.Add((source, SourceChange.Registered));
            if (_idleOrigins.Contains(origin))
            {
                batch.SourceChanges.Add((source, SourceChange.Idle));
            }
            else
            {
                _originDelivery.TryAdd(origin, now);
            }
        }

        _shardNext[k] = change.StartOffset;
    }

    private void MarkIdleOrigins(ShardBatch[] batches)
    {
        foreach (var (origin, last) in _originDelivery)
        {
            if (!_idleOrigins.Contains(origin) && _time.GetElapsedTime(last) >= _options.SourceIdleTimeout)
            {
                _idleOrigins.Add(origin);
                foreach (var k in _shardNext.Keys)
                {
                    batches[k].SourceChanges.Add((SourceOfOrigin(k, origin, batches), SourceChange.Idle));
                }
            }
        }
    }
}
