using System.Text;
using CallMetrics.Core.Events;
using CallMetrics.Core.Output;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Alerts;

/// <summary>
/// A window sink in front of another that evaluates alert rules on the engine's own thread: each hand-over's final
/// rolling windows (their metrics and state lines) are formatted as the output writes them and read by the
/// <see cref="AlertEvaluator"/>; the changes go to <paramref name="onTransitions"/>, then the windows to
/// <paramref name="inner"/>. Evaluating where the engine emits keeps the evaluator's state in step with the engine's
/// snapshot (<see cref="Processing.MetricsEngine.Alerts"/>).
/// </summary>
/// <param name="inner">Where the windows go.</param>
/// <param name="evaluator">The rules' evaluator.</param>
/// <param name="symbols">Names of the symbols in the windows.</param>
/// <param name="omitFields">Fields the output leaves out (as the output's formatter is given them).</param>
/// <param name="onTransitions">
/// Called on the engine's thread with the changes of one hand-over, in output order (time, rule id, tags); the list is
/// reused after the call. Must not block: a host queues them for its webhooks or topic.
/// </param>
public sealed class AlertingSink(IWindowSink inner, AlertEvaluator evaluator, SymbolTable symbols, IReadOnlySet<string>? omitFields, Action<IReadOnlyList<AlertTransition>> onTransitions) : IWindowSink
{
    private readonly LineProtocolFormatter _formatter = new(symbols, omitFields);
    private readonly List<WindowResult> _rolling = [];
    private readonly StringBuilder _text = new(1 << 12);
    private readonly List<AlertTransition> _transitions = [];

    /// <inheritdoc/>
    public void OnWindows(IReadOnlyList<WindowResult> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _rolling.Clear();
        foreach (var window in windows)
        {
            // Provisional windows may still change: rules see only final ones.
            if (window.IsFinal && window.Spec.Kind == WindowKind.Rolling)
            {
                _rolling.Add(window);
            }
        }

        if (_rolling.Count > 0)
        {
            _text.Clear();
            _formatter.Format(_rolling, _text);
            _transitions.Clear();
            evaluator.Observe(_text.ToString(), _transitions);
            _rolling.Clear();
            if (_transitions.Count > 0)
            {
                onTransitions(_transitions);
            }
        }

        inner.OnWindows(windows);
    }
}
