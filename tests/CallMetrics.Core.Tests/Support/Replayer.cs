using System.Text;
using CallMetrics.Core.Alerts;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;

namespace CallMetrics.Core.Tests.Support;

/// <summary>
/// Runs JSON lines through decoder, engine and formatter in memory, the way <c>callmetrics replay</c>
/// does, and gives back the line protocol, the rejected lines and the engine.
/// </summary>
public sealed class Replayer : IWindowSink
{
    private readonly SymbolTable _symbols = new();
    private readonly EventDecoder _decoder;
    private readonly LineProtocolFormatter _formatter;
    private readonly StringBuilder _output = new();

    private Replayer(MetricsOptions options, IReadOnlyList<AlertRule>? rules)
    {
        _decoder = new EventDecoder(_symbols);
        _formatter = new LineProtocolFormatter(_symbols);
        if (rules is null)
        {
            Engine = new MetricsEngine(options, this, releaseSymbol: _symbols.Release, names: _symbols); // as callmetrics replay does
            return;
        }

        // As callmetrics replay --alert-rules does: the rules read the windows on their way to the output.
        var evaluator = new AlertEvaluator(rules, options.Step);
        var alerting = new AlertingSink(this, evaluator, _symbols, null, changes => Alerts.AddRange(changes.Select(AlertJson.Format)));
        Engine = new MetricsEngine(options, alerting, releaseSymbol: _symbols.Release, names: _symbols) { Alerts = evaluator };
    }

    /// <summary>The alerts written (with rules), one JSON object each.</summary>
    public List<string> Alerts { get; } = [];

    public MetricsEngine Engine { get; }

    /// <summary>The symbol table names were interned into.</summary>
    public SymbolTable Symbols => _symbols;

    /// <summary>The line protocol written.</summary>
    public string Output => _output.ToString();

    /// <summary>The output lines, parsed.</summary>
    public IReadOnlyList<MetricLine> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse).ToList();

    /// <summary>Rejected input lines (1-based line number and reason).</summary>
    public List<(int Line, string Reason)> Rejected { get; } = [];

    /// <summary>Replays <paramref name="lines"/> to the end.</summary>
    public static Replayer Run(IEnumerable<string> lines, MetricsOptions? options = null, IReadOnlyList<AlertRule>? rules = null)
    {
        var replayer = new Replayer(options ?? new MetricsOptions(), rules);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var result = replayer._decoder.Decode(Encoding.UTF8.GetBytes(line), out var e);
            if (!result.IsOk)
            {
                replayer.Rejected.Add((number, result.Message));
                continue;
            }

            switch (replayer.Engine.Accept(e))
            {
                case AcceptResult.Late: replayer.Rejected.Add((number, RejectReason.Late.Code())); break;
                case AcceptResult.TooFarAhead: replayer.Rejected.Add((number, RejectReason.TooFarAhead.Code())); break;
                default: break;
            }
        }

        replayer.Engine.Complete();
        return replayer;
    }

    /// <summary>Replays a scenario.</summary>
    public static Replayer Run(Scenario scenario, MetricsOptions? options = null) => Run(scenario.Lines, options);

    /// <summary>The single line of a measurement whose tag has a value (and, optionally, at a timestamp).</summary>
    public MetricLine Single(string measurement, string? tag = null, string? value = null, long? timestamp = null, string kind = "interval") =>
        Lines.Single(l => l.Measurement == measurement && l.Tag("kind") == kind && (tag is null || l.Tag(tag) == value)
            && (timestamp is null || l.Timestamp == timestamp));

    /// <summary>All lines of a measurement.</summary>
    public IReadOnlyList<MetricLine> All(string measurement, string kind = "interval") =>
        Lines.Where(l => l.Measurement == measurement && l.Tag("kind") == kind).ToList();

    void IWindowSink.OnWindows(IReadOnlyList<WindowResult> windows) => _formatter.Format(windows, _output);
}
