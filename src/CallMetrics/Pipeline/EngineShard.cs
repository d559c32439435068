using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Influx;

using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Pipeline;

/// <summary>
/// Stage 3 of the graph: the single owner of one <see cref="MetricsEngine"/> (the tenants that hash to
/// it), so the hot path takes no locks. Applies batches in order, dead-letters late events, formats
/// closed (and provisional) windows as line protocol and hands them to the sink, waiting when the
/// sink is full: that wait is the back-pressure that reaches Kafka.
/// </summary>
internal sealed class EngineShard : IWindowSink, IAcceptObserver
{
    private readonly Core.Options.MetricsOptions _options;
    private MetricsEngine _engine;
    private readonly LineProtocolFormatter _formatter;
    private readonly ISinkWriter _sink;
    private readonly IDeadLetterDestination _deadLetters;
    private readonly PipelineStatistics _statistics;
    private readonly StringBuilder _text = new(1 << 16);
    private int _lines;
    private long _lastDuplicates;

    // The events of the run being accepted that were not, with the reason of a rejection as the engine gave it then.
    private readonly List<(int Index, AcceptResult Result, string? Reason)> _notAccepted = [];

    private readonly SymbolTable _symbols;
    private readonly IShardObserver? _observer;

    public EngineShard(
        int index,
        Core.Options.MetricsOptions options,
        SymbolTable symbols,
        ISinkWriter sink,
        IDeadLetterDestination deadLetters,
        PipelineStatistics statistics,
        byte[]? snapshot = null,
        IShardObserver? observer = null,
        IReadOnlySet<string>? omitFields = null,
        TimeProvider? clock = null,
        Action<int>? releaseSymbol = null)
    {
        _observer = observer;
        _clock = clock;
        _releaseSymbol = releaseSymbol;
        _options = options;
        Index = index;
        _symbols = symbols;
        // The clock keeps the max future skew moving with real time, so a feed resuming after a long
        // quiet period is not taken for a producer with a skewed clock.
        _engine = CreateEngine(snapshot);
        _formatter = new LineProtocolFormatter(symbols, omitFields);
        _sink = sink;
        _deadLetters = deadLetters;
        _statistics = statistics;
    }

    public int Index { get; }

    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private byte[] _utf8 = [];

    /// <summary>Where applied batches go back to, for the decode stage to reuse; none: they are dropped.</summary>
    public ShardBatchPool? BatchPool { get; set; }

    public MetricsEngine Engine => _engine;

    /// <summary>
    /// A new engine writing to this shard: restored from <paramref name="snapshot"/>, or empty. Call it on the
    /// decode task (restoring interns names in the symbol table, which has one writer) and hand the engine
    /// over in a <see cref="ShardBatch"/>.
    /// </summary>
    public MetricsEngine CreateEngine(byte[]? snapshot) =>
        snapshot is null
            ? new MetricsEngine(_options, this, _clock, _releaseSymbol, _symbols)
            : MetricsEngine.Restore(new MemoryStream(snapshot), _symbols, _options, this, _clock, _releaseSymbol);

    private readonly TimeProvider? _clock;

    // Call ids the engine will never refer to again; the decode stage (the symbol table's one writer) releases them.
    private readonly Action<int>? _releaseSymbol;

    /// <summary>Processes batches until the input completes.</summary>
    public async Task RunAsync(ChannelReader<ShardBatch> input, CancellationToken cancellationToken)
    {
        await foreach (var batch in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await ApplyAsync(batch, cancellationToken).ConfigureAwait(false);

            // Nothing refers to the batch any more: dead letters were awaited, observers ran synchronously.
            BatchPool?.Return(batch);
        }
    }

    private async Task ApplyAsync(ShardBatch batch, CancellationToken cancellationToken)
    {
        if (batch.DiscardOutput)
        {
            _text.Clear();
            _lines = 0;
        }

        if (batch.ReplaceEngine is { } replacement)
        {
            _engine = replacement;
            _lastDuplicates = 0;
        }

        foreach (var (source, change) in batch.SourceChanges)
        {
            switch (change)
            {
                case SourceChange.Registered: _engine.RegisterSource(source); break;
                case SourceChange.Idle: _engine.SetSourceIdle(source, idle: true); break;
                case SourceChange.Removed: _engine.RemoveSource(source); break;
                default: break;
            }
        }

        if (batch.SourceChanges.Count > 0)
        {
            _observer?.OnSourceChanges(Index, batch.SourceChanges);
        }

        var accepted = 0;
        List<Task>? deadLetters = null;
        var progress = 0;
        for (var start = 0; start < batch.Events.Count;)
        {
            // Markers apply where they stood among the events: one applied early could make earlier events late.
            for (; progress < batch.Progress.Count && batch.Progress[progress].Position <= start; progress++)
            {
                _engine.AdvanceSource(batch.Progress[progress].Source, batch.Progress[progress].Timestamp);
            }

            // A run of events of one source, up to the next marker, is one call: the engine prefetches within it.
            var source = batch.Sources[start];
            var limit = progress < batch.Progress.Count ? Math.Min(batch.Progress[progress].Position, batch.Events.Count) : batch.Events.Count;
            var end = start + 1;
            while (end < limit && batch.Sources[end] == source)
            {
                end++;
            }

            _notAccepted.Clear();
            accepted += _engine.Accept(CollectionsMarshal.AsSpan(batch.Events)[start..end], source, this);
            var next = 0;
            for (var i = start; i < end; i++)
            {
                if (next == _notAccepted.Count || _notAccepted[next].Index != i - start)
                {
                    _statistics.ObserveEventTime(batch.Events[i].Timestamp);
                    continue;
                }

                var (_, result, reason) = _notAccepted[next++];
                switch (result)
                {
                    case AcceptResult.Late:
                        _statistics.AddLate(1);
                        _statistics.AddDeadLettered(RejectReason.Late.Code());
                        // Sent together and awaited once per batch: a burst of late events must not crawl at one round trip each.
                        (deadLetters ??= []).Add(_deadLetters.SendAsync(batch.Records[i], reason!, cancellationToken));
                        break;
                    case AcceptResult.TooFarAhead:
                        _statistics.AddDeadLettered(RejectReason.TooFarAhead.Code());
                        await _deadLetters.SendAsync(batch.Records[i], reason!, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        break;
                }
            }

            start = end;
        }

        for (; progress < batch.Progress.Count; progress++)
        {
            _engine.AdvanceSource(batch.Progress[progress].Source, batch.Progress[progress].Timestamp);
        }

        if (deadLetters is not null)
        {
            await Task.WhenAll(deadLetters).ConfigureAwait(false);
        }

        _statistics.AddAccepted(accepted);
        _observer?.OnBatch(Index, batch.Events, batch.Sources);

        var duplicates = _engine.Counters.Duplicates;
        _statistics.AddDuplicates(duplicates - _lastDuplicates);
        _lastDuplicates = duplicates;
        if (batch.WriteProvisional)
        {
            _engine.EmitProvisional();
        }

        _statistics.SetWatermark(_engine.Watermark);
        await FlushAsync(batch.Checkpoint, cancellationToken).ConfigureAwait(false);
    }

    void IAcceptObserver.OnNotAccepted(int index, in CanonicalEvent e, AcceptResult result) =>
        _notAccepted.Add((index, result, result is AcceptResult.Late or AcceptResult.TooFarAhead ? _engine.DescribeRejection(result, e.Timestamp) : null));

    /// <summary>The engine's state now (only between batches, or after the graph has drained).</summary>
    public byte[] Snapshot()
    {
        using var buffer = new MemoryStream();
        _engine.Snapshot(buffer, _symbols);
        return buffer.ToArray();
    }

    private async Task FlushAsync(TaskCompletionSource<byte[]>? checkpoint, CancellationToken cancellationToken)
    {
        var snapshot = checkpoint is null ? null : Snapshot();
        if (_lines == 0)
        {
            if (checkpoint is not null)
            {
                // Nothing new: durable once everything written before is. Not awaited here, so a sink
                // outage holds the checkpoint back but not the shard (which back-pressure holds anyway).
                _ = _sink.WhenDurableAsync(CancellationToken.None).ContinueWith(
                    t => checkpoint.TrySetResult(snapshot!), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }

            return;
        }

        var payload = EncodeText();
        var lines = _lines;
        _text.Clear();
        _lines = 0;
        _statistics.AddLines(lines);
        await _sink.WriteAsync(new SinkBatch(payload, lines, checkpoint is null ? null : () => checkpoint.TrySetResult(snapshot!)), cancellationToken).ConfigureAwait(false);
    }

    void IWindowSink.OnWindows(IReadOnlyList<WindowResult> windows) => _lines += _formatter.Format(windows, _text);

    // The text as UTF-8 straight from the builder's chunks, through a reused buffer: no intermediate string of the
    // whole batch. One stateful encoder across the chunks, so a surrogate pair split between two chunks is encoded as
    // one character (Encoder.GetByteCount keeps no state, so the bytes cannot be counted chunk by chunk first).
    private byte[] EncodeText() => Encode(_text, _encoder, ref _utf8);

    internal static byte[] Encode(StringBuilder text, Encoder encoder, ref byte[] buffer)
    {
        encoder.Reset();
        var written = 0;
        foreach (var chunk in text.GetChunks())
        {
            Ensure(ref buffer, written + Encoding.UTF8.GetMaxByteCount(chunk.Length));
            written += encoder.GetBytes(chunk.Span, buffer.AsSpan(written), flush: false);
        }

        Ensure(ref buffer, written + Encoding.UTF8.GetMaxByteCount(0));
        written += encoder.GetBytes([], buffer.AsSpan(written), flush: true);
        return buffer.AsSpan(0, written).ToArray();

        static void Ensure(ref byte[] buffer, int size)
        {
            if (buffer.Length < size)
            {
                Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
            }
        }
    }
}
