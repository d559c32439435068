namespace CallMetrics.Core.Alerts;

/// <summary>
/// One alert rule (METRICS.md "Alert rules"): fires for a key (one tag set of <see cref="Measurement"/>) when
/// <c>field op value</c> has held at every step instant for <see cref="For"/>, and not again within
/// <see cref="Cooldown"/> of its last firing; resolves at the first instant it does not hold.
/// </summary>
/// <param name="Id">Names the rule in its alerts; unique in a rule file.</param>
/// <param name="Measurement">A state measurement, or one of the four metrics measurements (its <c>kind=rolling</c> lines).</param>
/// <param name="Field">The field compared.</param>
/// <param name="Op">The comparison.</param>
/// <param name="Value">The threshold.</param>
/// <param name="For">How long the condition must have held (every step instant in [t - for, t]).</param>
/// <param name="Cooldown">No firing for a key at t when it fired at an instant later than t - cooldown.</param>
/// <param name="Match">Tags a line must have (name, value), sorted by name; empty for every line.</param>
public sealed record AlertRule(string Id, string Measurement, string Field, AlertOp Op, double Value, TimeSpan For, TimeSpan Cooldown, IReadOnlyList<KeyValuePair<string, string>> Match)
{
    /// <summary>The operator as written in a rule file.</summary>
    public string OpText => Op switch
    {
        AlertOp.Greater => ">",
        AlertOp.GreaterOrEqual => ">=",
        AlertOp.Less => "<",
        _ => "<=",
    };

    /// <summary>True when <c><paramref name="field"/> op value</c>.</summary>
    public bool Holds(double field) => Op switch
    {
        AlertOp.Greater => field > Value,
        AlertOp.GreaterOrEqual => field >= Value,
        AlertOp.Less => field < Value,
        _ => field <= Value,
    };
}
