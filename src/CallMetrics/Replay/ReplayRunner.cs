using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Files;
using CallMetrics.Inputs;

namespace CallMetrics.Replay;

/// <summary>
/// Replays a finite input of canonical events (JSON Lines) through the aggregation core and writes
/// line protocol: decode, dedupe, reorder within lateness, sessionize, window, format. Rejected lines
/// go to the dead-letter writer with their line number and reason; processing always continues.
/// </summary>
/// <remarks>
/// Two threads, one per core: the caller's reads lines and decodes them (it owns the symbol table, the one
/// writer), a second applies them to the engine, formats and writes the output and the dead letters, in input
/// order. They hand over batches of a few thousand lines, so the output is the same as one thread's.
/// </remarks>
internal sealed class ReplayRunner : IWindowSink, IAcceptObserver
{
    private const int BatchLines = 4096;
    private const int BatchesInFlight = 4;

    private readonly SymbolTable _symbols = new();
    private readonly EventDecoder _decoder;
    private readonly MetricsEngine _engine;
    private readonly LineProtocolFormatter _formatter;
    private readonly TextWriter _output;
    private readonly DeadLetterFileWriter _deadLetters;
    private readonly StringBuilder _text = new(1 << 16);
    private readonly IEventTranslator? _translator;
    private readonly List<byte[]> _translated = [];
    private readonly BlockingCollection<ReplayBatch> _full = new(BatchesInFlight);
    private readonly ConcurrentQueue<ReplayBatch> _free = new();
    private readonly ConcurrentQueue<int> _released = new();
    private ReplayBatch _filling = new();
    private long _lines;
    private long _rejected;
    private long _linesWritten;
    private volatile bool _abandoned;

    // Applying thread: the batch being applied and where its run of decoded events starts.
    private ReplayBatch? _applying;
    private int _runStart;

    public ReplayRunner(MetricsOptions options, TextWriter output, DeadLetterFileWriter deadLetters, IEventTranslator? translator = null)
    {
        _decoder = new EventDecoder(_symbols);

        // The engine runs on the second thread; call ids it is done with go back to the reading thread,
        // the symbol table's one writer, which releases them between batches.
        _engine = new MetricsEngine(options, this, releaseSymbol: _released.Enqueue, names: _symbols);
        _translator = translator;

        // A field the input format cannot provide is left out rather than written as a wrong zero.
        _formatter = new LineProtocolFormatter(_symbols, translator?.UnavailableFields);
        _output = output;
        _deadLetters = deadLetters;
    }

    /// <summary>Reads <paramref name="input"/> to the end and completes the engine.</summary>
    public async Task<ReplaySummary> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        var applying = Task.Factory.StartNew(ApplyAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        ExceptionDispatchInfo? readFailure = null;
        try
        {
            await new LineReader(input).ReadAllAsync((line, number, tooLarge) => OnLine(line, number, tooLarge, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (_translator is not null)
            {
                _translated.Clear();
                _translator.Complete(_translated);
                foreach (var json in _translated)
                {
                    OnEvent(json, _lines, cancellationToken);
                }
            }

            Hand(cancellationToken);
        }
        catch (InvalidOperationException) when (applying.IsFaulted)
        {
            // The applying thread failed and stopped taking batches: its exception is the one to report.
        }
#pragma warning disable CA1031 // Rethrown below, once the applying thread has stopped.
        catch (Exception e)
#pragma warning restore CA1031
        {
            readFailure = ExceptionDispatchInfo.Capture(e);
            _abandoned = true;
        }
        finally
        {
            _full.CompleteAdding();
        }

        try
        {
            await applying.ConfigureAwait(false);
        }
        catch (Exception) when (readFailure is not null)
        {
            // Reading failed first: that is the cause.
        }

        readFailure?.Throw();
        return new ReplaySummary(
            _lines,
            _engine.Counters.Accepted,
            _rejected,
            _engine.Counters.Late,
            _engine.Counters.Duplicates,
            _engine.SessionCounters.AnomalyTotal,
            _linesWritten);
    }

    // Reading thread: one input line, a canonical event or a record of the translator's format.
    private void OnLine(ReadOnlySpan<byte> line, long lineNumber, bool tooLarge, CancellationToken cancellationToken)
    {
        _lines++;
        if (tooLarge)
        {
            Add(lineNumber, $"{RejectReason.TooLarge.Code()}: line is longer than {LineReader.MaxLineBytes} bytes", line, default, cancellationToken);
            return;
        }

        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return; // EVENTS.md: blank lines in a file are skipped.
        }

        if (_translator is null)
        {
            OnEvent(line, lineNumber, cancellationToken);
            return;
        }

        _translated.Clear();
        if (!_translator.TryTranslate(line, lineNumber, _translated, out var reason))
        {
            Add(lineNumber, "untranslatable: " + reason, line, default, cancellationToken);
            return;
        }

        foreach (var json in _translated)
        {
            OnEvent(json, lineNumber, cancellationToken);
        }
    }

    private void OnEvent(ReadOnlySpan<byte> line, long lineNumber, CancellationToken cancellationToken)
    {
        var decoded = _decoder.Decode(line, out var e);
        Add(lineNumber, decoded.IsOk ? null : decoded.Message, line, e, cancellationToken);
    }

    private void Add(long lineNumber, string? rejection, ReadOnlySpan<byte> raw, in CanonicalEvent e, CancellationToken cancellationToken)
    {
        _filling.Add(lineNumber, rejection, raw, e);
        if (_filling.Count == BatchLines)
        {
            Hand(cancellationToken);
        }
    }

    private void Hand(CancellationToken cancellationToken)
    {
        if (_filling.Count > 0)
        {
            _full.Add(_filling, cancellationToken);
            _filling = _free.TryDequeue(out var reused) ? reused : new ReplayBatch();
        }

        while (_released.TryDequeue(out var symbol))
        {
            _symbols.Release(symbol);
        }
    }

    // Applying thread: events into the engine, rejections to the dead letters, both in input order.
    private void ApplyAll()
    {
        try
        {
            foreach (var batch in _full.GetConsumingEnumerable())
            {
                if (!_abandoned)
                {
                    Apply(batch);
                }

                batch.Clear();
                _free.Enqueue(batch);
            }

            if (!_abandoned)
            {
                _engine.Complete();
            }
        }
        catch
        {
            // Stop the reading thread's hand-overs (they throw InvalidOperationException), then report.
            _full.CompleteAdding();
            throw;
        }
    }

    private void Apply(ReplayBatch batch)
    {
        // The decoded events between two rejected lines go to the engine as one batch (it prefetches within it);
        // rejections, the decoder's and the engine's, are written in input order.
        _applying = batch;
        for (var start = 0; start < batch.Count;)
        {
            var end = start;
            while (end < batch.Count && batch.Items[end].Rejection is null)
            {
                end++;
            }

            _runStart = start;
            _engine.Accept(batch.Events.AsSpan(start, end - start), 0, this);
            if (end < batch.Count)
            {
                Reject(batch.Items[end].Line, batch.Items[end].Rejection!, batch.Raw(end));
            }

            start = end + 1;
        }
    }

    void IAcceptObserver.OnNotAccepted(int index, in CanonicalEvent e, AcceptResult result)
    {
        if (result is AcceptResult.Late or AcceptResult.TooFarAhead)
        {
            var i = _runStart + index;
            Reject(_applying!.Items[i].Line, _engine.DescribeRejection(result, e.Timestamp), _applying.Raw(i));
        }
    }

    void IWindowSink.OnWindows(IReadOnlyList<WindowResult> windows)
    {
        _text.Clear();
        _linesWritten += _formatter.Format(windows, _text);
        _output.Write(_text);
    }

    private void Reject(long lineNumber, string reason, ReadOnlySpan<byte> raw)
    {
        _rejected++;
        _deadLetters.Write(lineNumber, reason, raw);
    }

    /// <summary>Lines handed from the reading thread to the applying one: decoded events or rejections, with their raw bytes.</summary>
    private sealed class ReplayBatch
    {
        public readonly Item[] Items = new Item[BatchLines];

        // The decoded events apart from the rest, so a run of them is a span the engine takes at once.
        public readonly CanonicalEvent[] Events = new CanonicalEvent[BatchLines];
        private byte[] _raw = new byte[BatchLines * 256];
        private int _rawUsed;

        public int Count { get; private set; }

        public void Add(long line, string? rejection, ReadOnlySpan<byte> raw, in CanonicalEvent e)
        {
            if (_rawUsed + raw.Length > _raw.Length)
            {
                Array.Resize(ref _raw, Math.Max(_raw.Length * 2, _rawUsed + raw.Length));
            }

            // Kept for a dead letter: whether an event is late is known only when it is applied.
            raw.CopyTo(_raw.AsSpan(_rawUsed));
            Events[Count] = e;
            Items[Count++] = new Item(line, rejection, _rawUsed, raw.Length);
            _rawUsed += raw.Length;
        }

        public ReadOnlySpan<byte> Raw(int index) => _raw.AsSpan(Items[index].RawStart, Items[index].RawLength);

        public void Clear()
        {
            Array.Clear(Items, 0, Count); // drop the rejection strings
            Count = 0;
            _rawUsed = 0;
        }
    }

    private readonly record struct Item(long Line, string? Rejection, int RawStart, int RawLength);
}
