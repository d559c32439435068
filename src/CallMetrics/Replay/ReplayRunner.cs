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
internal sealed class ReplayRunner : IWindowSink
{
    private readonly SymbolTable _symbols = new();
    private readonly EventDecoder _decoder;
    private readonly MetricsEngine _engine;
    private readonly LineProtocolFormatter _formatter;
    private readonly TextWriter _output;
    private readonly DeadLetterFileWriter _deadLetters;
    private readonly StringBuilder _text = new(1 << 16);
    private readonly IEventTranslator? _translator;
    private readonly List<byte[]> _translated = [];
    private long _lines;
    private long _rejected;
    private long _linesWritten;

    public ReplayRunner(MetricsOptions options, TextWriter output, DeadLetterFileWriter deadLetters, IEventTranslator? translator = null)
    {
        _decoder = new EventDecoder(_symbols);
        // One thread decodes and applies, so the engine may release call ids straight into the table.
        _engine = new MetricsEngine(options, this, releaseSymbol: _symbols.Release);
        _translator = translator;

        // A field the input format cannot provide is left out rather than written as a wrong zero.
        _formatter = new LineProtocolFormatter(_symbols, translator?.UnavailableFields);
        _output = output;
        _deadLetters = deadLetters;
    }

    /// <summary>Reads <paramref name="input"/> to the end and completes the engine.</summary>
    public async Task<ReplaySummary> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        await new LineReader(input).ReadAllAsync(OnLine, cancellationToken).ConfigureAwait(false);
        if (_translator is not null)
        {
            _translated.Clear();
            _translator.Complete(_translated);
            foreach (var json in _translated)
            {
                OnEvent(json, _lines);
            }
        }

        _engine.Complete();
        return Summary();
    }

    /// <summary>Offers one input line: a canonical event, or a record of the translator's format.</summary>
    public void OnLine(ReadOnlySpan<byte> line, long lineNumber, bool tooLarge)
    {
        _lines++;
        if (tooLarge)
        {
            Reject(lineNumber, $"{RejectReason.TooLarge.Code()}: line is longer than {LineReader.MaxLineBytes} bytes", line);
            return;
        }

        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return; // EVENTS.md: blank lines in a file are skipped.
        }

        if (_translator is null)
        {
            OnEvent(line, lineNumber);
            return;
        }

        _translated.Clear();
        if (!_translator.TryTranslate(line, lineNumber, _translated, out var reason))
        {
            Reject(lineNumber, "untranslatable: " + reason, line);
            return;
        }

        foreach (var json in _translated)
        {
            OnEvent(json, lineNumber);
        }
    }

    private void OnEvent(ReadOnlySpan<byte> line, long lineNumber)
    {
        var decoded = _decoder.Decode(line, out var e);
        if (!decoded.IsOk)
        {
            Reject(lineNumber, decoded.Message, line);
            return;
        }

        var result = _engine.Accept(e);
        if (result is AcceptResult.Late or AcceptResult.TooFarAhead)
        {
            Reject(lineNumber, _engine.DescribeRejection(result, e.Timestamp), line);
        }
    }

    /// <summary>Completes the engine (end of input).</summary>
    public void Complete() => _engine.Complete();

    public ReplaySummary Summary() => new(
        _lines,
        _engine.Counters.Accepted,
        _rejected,
        _engine.Counters.Late,
        _engine.Counters.Duplicates,
        _engine.SessionCounters.AnomalyTotal,
        _linesWritten);

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
}
