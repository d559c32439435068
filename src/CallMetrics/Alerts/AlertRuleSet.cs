using System.Diagnostics.CodeAnalysis;
using CallMetrics.Core.Alerts;

namespace CallMetrics.Alerts;

/// <summary>
/// The alert rules of <see cref="AlertOptions.Rules"/>: the file replay's <c>--alert-rules</c> reads, parsed with the
/// core's <see cref="AlertRuleFile"/>. Read once at start (after the options' validation has read it too): a rule file
/// changed while the service runs takes effect at the next start.
/// </summary>
internal sealed class AlertRuleSet
{
    /// <summary>No rules: nothing is evaluated.</summary>
    public static readonly AlertRuleSet None = new([]);

    private AlertRuleSet(IReadOnlyList<AlertRule> rules) => Rules = rules;

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>The rules of <paramref name="options"/>; <see cref="None"/> without a rule file.</summary>
    /// <exception cref="InvalidOperationException">The file is bad (start-up validation reports it before this is called).</exception>
    public static AlertRuleSet From(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Rules))
        {
            return None;
        }

        return TryLoad(options.Rules, out var set, out var error) ? set : throw new InvalidOperationException(error);
    }

    /// <summary>Reads and parses the rule file at <paramref name="path"/>; false with one line naming the setting, the file and the rule.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out AlertRuleSet? set, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        const string Key = AlertDefaults.SectionName + ":Rules";
        set = null;
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"{Key} '{path}' does not exist";
            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = $"{Key} '{path}' cannot be read: {exception.Message}";
            return false;
        }

        if (!AlertRuleFile.TryParse(json, out var rules, out var ruleError))
        {
            // The parser's line names the rule by id and position, as replay's --alert-rules does.
            error = $"{Key} {path}: {ruleError}";
            return false;
        }

        set = new AlertRuleSet(rules);
        error = null;
        return true;
    }
}
