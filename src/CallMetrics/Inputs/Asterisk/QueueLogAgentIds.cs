namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// Turns the member field of a queue_log line into an <c>agent_id</c>: an alias first (as written, then normalised),
/// else the name normalised per <see cref="TranslatorOptions.AsteriskAgentNaming"/>.
/// </summary>
internal sealed class QueueLogAgentIds(TranslatorOptions options)
{
    public string Of(string raw)
    {
        if (options.AsteriskAgentAliases.TryGetValue(raw, out var alias))
        {
            return alias;
        }

        var normalized = options.AsteriskAgentNaming == AsteriskAgentNaming.AsWritten ? raw : StripTechnology(raw);
        return options.AsteriskAgentAliases.TryGetValue(normalized, out alias) ? alias : normalized;
    }

    /// <summary><c>SIP/1001</c>, <c>Local/1001@agents/n</c>, <c>Agent/1001</c> to <c>1001</c>.</summary>
    internal static string StripTechnology(string raw)
    {
        var slash = raw.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == raw.Length - 1)
        {
            return raw;
        }

        var rest = raw[(slash + 1)..];
        var end = rest.IndexOfAny(['@', '/']);
        return end > 0 ? rest[..end] : rest;
    }
}
