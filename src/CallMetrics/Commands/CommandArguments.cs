using CallMetrics.Core.Options;

namespace CallMetrics.Commands;

/// <summary>
/// The <c>--name value</c> options of one command. Unknown options and missing values are usage
/// errors whose message names the argument.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments()
    {
    }

    /// <summary>Parses <paramref name="args"/> given the options that take a value and the flags that do not.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args,
        IReadOnlyCollection<string> valueOptions,
        IReadOnlyCollection<string> flagOptions,
        out CommandArguments parsed,
        out string? error)
    {
        parsed = new CommandArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? inlineValue = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            if (flagOptions.Contains(name) && inlineValue is null)
            {
                parsed._flags.Add(name);
                continue;
            }

            if (!valueOptions.Contains(name))
            {
                error = name.StartsWith('-') ? $"unknown option {name}" : $"unexpected argument '{name}'";
                return false;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"option {name} needs a value";
                    return false;
                }

                value = args[++i];
            }

            if (!parsed._values.TryGetValue(name, out var list))
            {
                parsed._values[name] = list = [];
            }

            list.Add(value);
        }

        error = null;
        return true;
    }

    /// <summary>True when the flag was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag) || _values.ContainsKey(flag);

    /// <summary>The last value of an option, or null.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>All values of a repeatable option.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>A duration option (<c>15m</c>, <c>20s</c>), or the default when absent.</summary>
    public bool TryDuration(string name, TimeSpan fallback, out TimeSpan value, out string? error)
    {
        error = null;
        var text = Value(name);
        if (text is null)
        {
            value = fallback;
            return true;
        }

        if (!DurationText.TryParse(text, out value))
        {
            error = $"option {name}: '{text}' is not a duration (examples: 20s, 15m, 1h)";
            return false;
        }

        return true;
    }

    /// <summary>An integer option, or the default when absent.</summary>
    public bool TryInt(string name, int fallback, int min, int max, out int value, out string? error)
    {
        error = null;
        var text = Value(name);
        if (text is null)
        {
            value = fallback;
            return true;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value)
            || value < min || value > max)
        {
            error = $"option {name}: '{text}' is not a whole number from {min} to {max}";
            return false;
        }

        return true;
    }
}
