using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CallMetrics.Core.Options;

namespace CallMetrics.Commands;

/// <summary>
/// Typed command-line options with the project's value syntax: durations as <see cref="DurationText"/> reads
/// them (the same syntax as configuration), numbers in the invariant culture, and one error line per bad value
/// that names the option (<c>option --interval: 'soon' is not a duration (...)</c>).
/// </summary>
internal static class CommandOptions
{
    /// <summary>The examples every duration error shows.</summary>
    public const string DurationExamples = "90s, 15m, 1h30m, 2d, 250ms, 00:15:00";

    /// <summary>Adds <paramref name="option"/> to <paramref name="command"/> and returns it, so a definition declares and adds in one line.</summary>
    public static T Declare<T>(this Command command, T option)
        where T : Option
    {
        command.Options.Add(option);
        return option;
    }

    /// <summary>A duration with a default.</summary>
    public static Option<TimeSpan> Duration(string name, TimeSpan fallback, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        DefaultValueFactory = _ => fallback,
        CustomParser = result => TryDuration(result, out var value) ? value : default,
    };

    /// <summary>A duration that is null when absent.</summary>
    public static Option<TimeSpan?> OptionalDuration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result => TryDuration(result, out var value) ? value : null,
    };

    /// <summary>
    /// A duration, or the word <paramref name="none"/>; read it with <see cref="DurationOrNull"/>. (A text option: a
    /// custom parser may not return null for a value that was given.)
    /// </summary>
    public static Option<string> DurationOrNone(string name, string none, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = $"DURATION|{none}" };
        option.Validators.Add(result =>
        {
            var text = Token(result);
            if (text != none && !DurationText.TryParse(text, out _))
            {
                result.AddError($"option {name}: '{text}' is not a duration ({DurationExamples}) or {none}");
            }
        });
        return option;
    }

    /// <summary>The value of a <see cref="DurationOrNone"/> option: null when absent or <c>none</c>.</summary>
    public static TimeSpan? DurationOrNull(string? text) => DurationText.TryParse(text, out var value) ? value : null;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, with a default.</summary>
    public static Option<int> WholeNumber(string name, int fallback, int min, int max, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = Token(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(min == int.MinValue && max == int.MaxValue ? $"option {name}: '{text}' is not a whole number"
                : max == int.MaxValue ? $"option {name}: '{text}' is not a whole number >= {min}"
                : $"option {name}: '{text}' is not a whole number from {min} to {max}");
            return default;
        },
    };

    /// <summary>A number (decimal point, no exponent) of at least <paramref name="min"/>, above it when <paramref name="exclusive"/>.</summary>
    public static Option<double> Number(string name, double fallback, double min, bool exclusive, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        DefaultValueFactory = _ => fallback,
        CustomParser = result => TryNumber(result, name, min, exclusive, out var value) ? value : default,
    };

    /// <summary>A share from 0 to 1 (a probability), <paramref name="fallback"/> when absent.</summary>
    public static Option<double> Fraction(string name, double fallback, string description) => new(name)
    {
        Description = description,
        HelpName = "0..1",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = Token(result);
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
            {
                return value;
            }

            result.AddError($"option {name}: '{text}' is not a number from 0 to 1");
            return default;
        },
    };

    /// <summary>As <see cref="Number"/>, null when absent.</summary>
    public static Option<double?> OptionalNumber(string name, double min, bool exclusive, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = result => TryNumber(result, name, min, exclusive, out var value) ? value : null,
    };

    /// <summary>A text value, null when absent.</summary>
    public static Option<string> Text(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
    };

    /// <summary>A repeatable text value (<c>--wrapup a=1s --wrapup b=2s</c>), one value per occurrence.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>A flag: present or not.</summary>
    public static Option<bool> Flag(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };

    /// <summary>The value token of a single-valued option (the last one when it is repeated).</summary>
    public static string Token(SymbolResult result) => result.Tokens[^1].Value;

    private static bool TryNumber(ArgumentResult result, string name, double min, bool exclusive, out double value)
    {
        var text = Token(result);
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && (exclusive ? value > min : value >= min))
        {
            return true;
        }

        result.AddError($"option {name}: '{text}' is not a number {(exclusive ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}");
        return false;
    }

    private static bool TryDuration(ArgumentResult result, out TimeSpan value)
    {
        var text = Token(result);
        if (DurationText.TryParse(text, out value))
        {
            return true;
        }

        result.AddError($"option {OptionName(result)}: '{text}' is not a duration ({DurationExamples})");
        return false;
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
