namespace CallMetrics.Alerts;

/// <summary>
/// One alert change as the service delivers it, mirroring the JSON object of METRICS.md "Alert rules":
/// <c>{"rule", "tags", "state", "at", "value"}</c>. Built with <see cref="Create"/>, which sorts the tags.
/// </summary>
/// <param name="Rule">The rule's id.</param>
/// <param name="Tags">The line's tags without <c>kind</c> and <c>window</c>, sorted by name (ordinal).</param>
/// <param name="State">Firing or resolved.</param>
/// <param name="At">The step instant of the change (event time, UTC, whole seconds).</param>
/// <param name="Value">The field's value at <paramref name="At"/>; null on a resolve whose line lacks the field.</param>
public sealed record AlertChange(string Rule, IReadOnlyList<KeyValuePair<string, string>> Tags, AlertState State, DateTimeOffset At, double? Value)
{
    /// <summary>The alert's identity: the rule id and its tags, <c>rule;name=value;name=value</c> (tags sorted).</summary>
    /// <remarks>The key of the Kafka topic's messages and of the firing list: a resolve replaces its firing.</remarks>
    public string Key => KeyOf(Rule, Tags);

    /// <summary>
    /// The change as the core's alert evaluator wrote it (<c>CallMetrics.Core.Alerts.AlertJson</c>, replay's
    /// <c>--alerts-out</c> line), or null for a change built without one. When set, the webhooks, the topic and
    /// <c>/api/v1/alerts</c> write these bytes: <see cref="Value"/> is a double and would lose the field's int or float
    /// form (<c>180.0</c>, <c>0</c>) that METRICS.md asks for.
    /// </summary>
    public string? Json { get; init; }

    /// <summary>A change with its tags sorted by name, as METRICS.md writes them.</summary>
    public static AlertChange Create(string rule, IEnumerable<KeyValuePair<string, string>> tags, AlertState state, DateTimeOffset at, double? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(rule);
        ArgumentNullException.ThrowIfNull(tags);
        return new AlertChange(rule, [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)], state, at.ToUniversalTime(), value);
    }

    /// <summary>The value of tag <paramref name="name"/>, or null.</summary>
    public string? Tag(string name)
    {
        foreach (var tag in Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private static string KeyOf(string rule, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var key = new System.Text.StringBuilder(rule);
        foreach (var tag in tags)
        {
            key.Append(';').Append(tag.Key).Append('=').Append(tag.Value);
        }

        return key.ToString();
    }
}
