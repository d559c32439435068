using System.Globalization;

namespace CallMetrics.Inputs;

/// <summary>
/// The command-line options that configure translators (<c>--tenant</c>, <c>--wrapup</c>, ...), shared by
/// <c>convert</c> and <c>replay --format</c> so both accept the same spelling (docs/INPUTS.md).
/// </summary>
public static class TranslatorArguments
{
    /// <summary>Usage text of the options, for a command's usage line.</summary>
    public const string Usage =
        "[--tenant T] [--wrapup QUEUE=DURATION|DURATION ...] [--agent-alias NAME=ID ...] [--agent-naming strip|as-written] "
        + "[--reorder-window DURATION] [--hold-back DURATION] [--acw-end cleared|cleared-or-status] [--team-level 1-5]";

    /// <summary>
    /// Applies option <paramref name="name"/> with <paramref name="value"/> to <paramref name="options"/>.
    /// <paramref name="known"/> says whether the name is a translator option at all; the result is <see langword="false"/>
    /// with a one-line <paramref name="error"/> for an unknown name or a bad value. Call <see cref="TranslatorOptions.TryValidate"/> afterwards.
    /// </summary>
    public static bool TryApply(string name, string value, TranslatorOptions options, out bool known, out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        known = true;
        error = null;
        switch (name)
        {
            case "--tenant":
                options.Tenant = value;
                return true;
            case "--wrapup":
                return TryWrapUp(value, options, out error);
            case "--agent-alias":
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == value.Length - 1)
                {
                    error = $"--agent-alias '{value}' is not NAME=ID";
                    return false;
                }

                options.AsteriskAgentAliases[value[..eq]] = value[(eq + 1)..];
                return true;
            case "--agent-naming":
                options.AsteriskAgentNaming = value switch
                {
                    "strip" => AsteriskAgentNaming.StripTechnology,
                    "as-written" => AsteriskAgentNaming.AsWritten,
                    _ => (AsteriskAgentNaming)(-1),
                };
                return true;
            case "--reorder-window":
            case "--hold-back":
                if (!TryDuration(value, out var window))
                {
                    error = $"{name} '{value}' is not a duration (30s, 5m, 1h, 500ms)";
                    return false;
                }

                if (name == "--hold-back")
                {
                    options.AmazonConnectHoldBack = window;
                }
                else
                {
                    options.AsteriskReorderWindow = window;
                }

                return true;
            case "--acw-end":
                options.AmazonConnectAcwEnd = value switch
                {
                    "cleared" => AmazonConnectAcwEnd.ContactCleared,
                    "cleared-or-status" => AmazonConnectAcwEnd.ContactClearedOrStatusChange,
                    _ => (AmazonConnectAcwEnd)(-1),
                };
                return true;
            case "--team-level":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level))
                {
                    error = $"--team-level '{value}' is not a number";
                    return false;
                }

                options.AmazonConnectTeamLevel = level;
                return true;
            default:
                known = false;
                error = $"unknown option '{name}'";
                return false;
        }
    }

    /// <summary>Seconds as queues.conf writes them (<c>30</c>), or with a unit: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || double.IsInfinity(value) || value * scale > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    private static bool TryWrapUp(string value, TranslatorOptions options, out string? error)
    {
        var eq = value.LastIndexOf('=');
        var text = eq < 0 ? value : value[(eq + 1)..];
        if (eq == 0 || !TryDuration(text, out var wrapUp))
        {
            error = $"--wrapup '{value}' is not QUEUE=DURATION or DURATION";
            return false;
        }

        if (eq < 0)
        {
            options.DefaultWrapUp = wrapUp;
        }
        else
        {
            options.QueueWrapUp[value[..eq]] = wrapUp;
        }

        error = null;
        return true;
    }
}
