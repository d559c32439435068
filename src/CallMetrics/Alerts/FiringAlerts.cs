namespace CallMetrics.Alerts;

/// <summary>
/// The alerts firing now: a firing change adds its key (rule and tags), a resolve removes it. Readers
/// (<c>/api/v1/alerts</c>, the wallboard, <c>/metrics</c>) get an immutable snapshot without locking.
/// </summary>
internal sealed class FiringAlerts : IAlertSink
{
    private readonly Dictionary<string, AlertChange> _firing = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile IReadOnlyList<AlertChange> _snapshot = [];

    /// <summary>The firing alerts (each its firing change: <c>at</c> is since when), oldest first, then by rule and tags.</summary>
    public IReadOnlyList<AlertChange> Current => _snapshot;

    /// <inheritdoc />
    public void Accept(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var changed = change.State == AlertState.Firing
                ? _firing.TryAdd(change.Key, change)
                : _firing.Remove(change.Key);
            if (changed)
            {
                _snapshot = [.. _firing.Values
                    .OrderBy(a => a.At)
                    .ThenBy(a => a.Rule, StringComparer.Ordinal)
                    .ThenBy(a => a.Key, StringComparer.Ordinal)];
            }
        }
    }
}
