namespace CallMetrics.Alerts;

/// <summary>Alert changes counted by rule and state, for <c>callmetrics_alert_changes_total</c>.</summary>
internal sealed class AlertTally : IAlertSink
{
    private readonly Dictionary<(string Rule, AlertState State), long> _counts = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public void Accept(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var key = (change.Rule, change.State);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The counts so far, ordered by rule then state.</summary>
    public IReadOnlyList<(string Rule, AlertState State, long Count)> Counts()
    {
        lock (_gate)
        {
            return [.. _counts.OrderBy(kv => kv.Key.Rule, StringComparer.Ordinal).ThenBy(kv => kv.Key.State).Select(kv => (kv.Key.Rule, kv.Key.State, kv.Value))];
        }
    }
}
