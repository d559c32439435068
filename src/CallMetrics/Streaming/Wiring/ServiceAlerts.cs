using CallMetrics.Alerts;
using CallMetrics.Core.Alerts;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using AlertState = CallMetrics.Alerts.AlertState;
using CoreAlertJson = CallMetrics.Core.Alerts.AlertJson;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// The service's alerts (<c>CallMetrics:Alerts:Rules</c>): one <see cref="AlertEvaluator"/> per engine, in front of
/// the engine's sink through an <see cref="AlertingSink"/> (on the engine's thread, on final rolling windows only, as
/// replay's <see cref="ReplayAlerts"/>), held in the engine's snapshot and restored with it. Every change is published
/// to <see cref="IAlertChanges"/> with the evaluator's own JSON, so the webhooks and the topic send replay's bytes.
/// </summary>
/// <param name="rules">The rules; none: engines are built without an evaluator.</param>
/// <param name="changes">Where changes go (webhooks, topic, firing list, counts).</param>
/// <param name="firing">The firing list, given the alerts a restored evaluator holds as firing (they were published before the restart); none in tests.</param>
internal sealed class ServiceAlerts(IReadOnlyList<AlertRule> rules, IAlertChanges changes, IAlertSink? firing = null)
{
    /// <summary>An engine, new or restored from <paramref name="snapshot"/>, whose final windows are evaluated before they reach <paramref name="sink"/>.</summary>
    public MetricsEngine Engine(
        MetricsOptions options,
        IWindowSink sink,
        SymbolTable symbols,
        IReadOnlySet<string>? omitFields,
        TimeProvider time,
        Action<int> releaseSymbol,
        byte[]? snapshot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (rules.Count == 0)
        {
            return snapshot is null
                ? new MetricsEngine(options, sink, time, releaseSymbol, symbols)
                : MetricsEngine.Restore(new MemoryStream(snapshot), symbols, options, sink, time, releaseSymbol);
        }

        var evaluator = new AlertEvaluator(rules, options.Step);
        var alerting = new AlertingSink(sink, evaluator, symbols, omitFields, Publish);
        if (snapshot is null)
        {
            return new MetricsEngine(options, alerting, time, releaseSymbol, symbols) { Alerts = evaluator };
        }

        var engine = MetricsEngine.Restore(new MemoryStream(snapshot), symbols, options, alerting, time, releaseSymbol, evaluator);
        if (firing is not null)
        {
            foreach (var alert in evaluator.Firing())
            {
                firing.Accept(ToChange(new AlertTransition(alert.Rule, alert.Tags, Core.Alerts.AlertState.Firing, alert.Since, alert.Value)));
            }
        }

        return engine;
    }

    /// <summary>The service's form of one of the evaluator's changes, carrying the evaluator's JSON text.</summary>
    public static AlertChange ToChange(AlertTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var state = transition.State == Core.Alerts.AlertState.Firing ? AlertState.Firing : AlertState.Resolved;
        var at = DateTimeOffset.UnixEpoch.AddTicks(transition.At / 100);
        return AlertChange.Create(transition.Rule.Id, transition.Tags, state, at, transition.Number) with { Json = CoreAlertJson.Format(transition) };
    }

    // On the engine's thread; Publish only queues (IAlertChanges never blocks on a consumer).
    private void Publish(IReadOnlyList<AlertTransition> transitions)
    {
        foreach (var transition in transitions)
        {
            changes.Publish(ToChange(transition));
        }
    }
}
