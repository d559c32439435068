namespace CallMetrics.Core.Alerts;

/// <summary>
/// One change of an alert (METRICS.md "Alert rules"): the rule fired or resolved for a key at a step instant.
/// What a host publishes (webhooks, a Kafka topic), lists while firing, and counts.
/// </summary>
/// <param name="Rule">The rule.</param>
/// <param name="Tags">The line's tags without <c>kind</c> and <c>window</c>, sorted by name.</param>
/// <param name="State">Fired or resolved.</param>
/// <param name="At">The step instant, Unix nanoseconds (event time).</param>
/// <param name="Value">The field's value at <paramref name="At"/> as the line wrote it (<c>180.0</c>, <c>0</c>); null when the field was absent.</param>
public sealed record AlertTransition(AlertRule Rule, IReadOnlyList<KeyValuePair<string, string>> Tags, AlertState State, long At, string? Value)
{
    /// <summary>The value as a number; null when absent.</summary>
    public double? Number => Value is null ? null : double.Parse(Value, System.Globalization.CultureInfo.InvariantCulture);
}
