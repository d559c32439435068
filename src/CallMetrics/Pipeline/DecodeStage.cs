using System.IO.Hashing;
using System.Text;
using System.Threading.Channels;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Kafka;
using Confluent.Kafka;

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
    private readonly Dictionary<int, long> _lastDelivery = [];
    private readonly HashSet<int> _idle = [];
    private readonly int[] _shardOfTenant = new int[1024];
    private readonly Lock _pendingGate = new();
    private readonly List<(TopicPartition Partition, SourceChange Change)> _pendingChanges = [];
    private readonly Dictionary<TopicPartition, long> _nextOffsets = [];
    private readonly Dictionary<TopicPartition, Inputs.IEventTranslator> _translators = [];
    private readonly List<byte[]> _translated = [];
    private TaskCompletionSource<CheckpointCapture>? _checkpointRequest;
    private long _lastProvisional;

    /// <summary>
    /// Tells whether a partition has caught up with the end of its data (the Kafka source knows); null treats
    /// every quiet partition as caught up (tests without a broker). A partition that is merely slow, or held
    /// back by a full sink, must not go idle: its events would then be late.
    /// </summary>
    public Func<TopicPartition, long?, bool>? IsCaughtUp { get; set; }

    public DecodeStage(
        SymbolTable symbols,
        ChannelWriter<ShardBatch>[] shards,
        IDeadLetterDestination deadLetters,
        PipelineStatistics statistics,
        PipelineOptions options,
        TimeProvider time)
    {
        _decoder = new EventDecoder(symbols);
        _shards = shards;
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
                ApplyPendingChanges(batches);
                if (hasData && input.TryRead(out var batch))
                {
                    await DecodeAsync(batch, batches, cancellationToken).ConfigureAwait(false);
                }

                await MarkIdleSourcesAsync(batches, cancellationToken).ConfigureAwait(false);
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

                    request.TrySetResult(new CheckpointCapture(new Dictionary<TopicPartition, long>(_nextOffsets), new Dictionary<TopicPartition, int>(_sources), snapshots));
                }

                for (var i = 0; i < _shards.Length; i++)
                {
                    if (!batches[i].IsEmpty)
                    {
                        await _shards[i].WriteAsync(batches[i], cancellationToken).ConfigureAwait(false);
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
            batches[i] = new ShardBatch();
        }

        return batches;
    }

    private async Task DecodeAsync(KafkaRecordBatch batch, ShardBatch[] batches, CancellationToken cancellationToken)
    {
        _statistics.AddRecords(batch.Count);
        var now = _time.GetTimestamp();
        foreach (var record in batch.Records)
        {
            var source = SourceOf(record.Topic, record.Partition, batches);
            _nextOffsets[new TopicPartition(record.Topic, new Partition(record.Partition))] = record.Offset + 1;
            _lastDelivery[source] = now;
            if (_idle.Contains(source))
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

            if (record.Value.Length > Files.LineReader.MaxLineBytes)
            {
                _statistics.AddDeadLettered(RejectReason.TooLarge.Code());
                await _deadLetters.SendAsync(record, $"{RejectReason.TooLarge.Code()}: message is larger than {Files.LineReader.MaxLineBytes} bytes", cancellationToken).ConfigureAwait(false);
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

    private int SourceOf(string topic, int partition, ShardBatch[] batches)
    {
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

        return source;
    }

    private void ApplyPendingChanges(ShardBatch[] batches)
    {
        lock (_pendingGate)
        {
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
}
