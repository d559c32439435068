using CallMetrics.Inputs.AmazonConnect;
using CallMetrics.Inputs.Asterisk;

namespace CallMetrics.Inputs;

/// <summary>Creates the translator for a <c>--format</c> name.</summary>
public static class EventTranslators
{
    /// <summary>Format name of the canonical JSON Lines input, which needs no translator (the caller reads it directly).</summary>
    public const string Canonical = "canonical";

    /// <summary>The formats <see cref="TryCreate"/> accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = [AsteriskQueueLogTranslator.FormatName, AmazonConnectTranslator.FormatName];

    /// <summary>
    /// Creates a translator for <paramref name="format"/>. Returns <see langword="false"/> with a one-line
    /// <paramref name="error"/> for an unknown format (including <c>canonical</c>) or invalid options.
    /// </summary>
    public static bool TryCreate(string format, TranslatorOptions options, out IEventTranslator? translator, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        translator = null;
        if (!options.TryValidate(out error))
        {
            return false;
        }

        switch (format)
        {
            case AsteriskQueueLogTranslator.FormatName:
                translator = new AsteriskQueueLogTranslator(options);
                return true;
            case AmazonConnectTranslator.FormatName:
                translator = new AmazonConnectTranslator(options);
                return true;
            case Canonical:
                error = "format 'canonical' needs no translation";
                return false;
            default:
                error = $"unknown format '{format}' (known: {string.Join(", ", Formats)}, {Canonical})";
                return false;
        }
    }
}
