using CallMetrics.Core.Alerts;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// Replay's alerts (<c>--alert-rules</c>, <c>--alerts-out</c>): the engine's windows pass an <see cref="AlertingSink"/>
/// on the engine's thread, and each change is written to <paramref name="output"/> as one JSON line, in order.
/// </summary>
/// <param name="rules">The rules.</param>
/// <param name="output">The alerts file.</param>
internal sealed class ReplayAlerts(IReadOnlyList<AlertRule> rules, TextWriter output)
{
    /// <summary>Changes written.</summary>
    public long Written { get; private set; }

    /// <summary>An engine whose windows are evaluated before they reach <paramref name="sink"/>, with the evaluator in its snapshot.</summary>
    public MetricsEngine Engine(MetricsOptions options, IWindowSink sink, SymbolTable symbols, IReadOnlySet<string>? omitFields, Action<int> releaseSymbol)
    {
        var evaluator = new AlertEvaluator(rules, options.Step);
        var alerting = new AlertingSink(sink, evaluator, symbols, omitFields, Write);
        return new MetricsEngine(options, alerting, clock: null, releaseSymbol: releaseSymbol, names: symbols) { Alerts = evaluator };
    }

    private void Write(IReadOnlyList<AlertTransition> transitions)
    {
        foreach (var transition in transitions)
        {
            output.Write(AlertJson.Format(transition));
            output.Write('\n');
            Written++;
        }
    }
}
