using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace CallMetrics.Configuration;

/// <summary>
/// Checks the keys and values under <c>CallMetrics:</c> against the options classes before anything binds them: a key
/// that names no property (a typo), a section where a value belongs, or a value its property's type cannot read
/// (<c>Interval=bogus</c>, <c>Api=v9</c>, <c>Shards=many</c>). Values are read as the configuration binder reads them
/// (the type's <see cref="TypeConverter"/>, so durations through <see cref="DurationConverter"/>), so what passes here
/// binds. Keys compare ignoring case, as .NET configuration does.
/// </summary>
internal static class ConfigurationShape
{
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;

    /// <summary>One message per problem, each naming the full key; empty when every key and value fits.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration, IReadOnlyList<OptionsSection> sections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sections);
        DurationConverter.Register();
        var errors = new List<string>();
        foreach (var child in configuration.GetSection(ServiceSections.Root).GetChildren())
        {
            var section = sections.FirstOrDefault(s => string.Equals(s.Path, child.Path, StringComparison.OrdinalIgnoreCase));
            if (section is null)
            {
                errors.Add($"{child.Path} is not a setting of callmetrics{Suggest(child.Key, sections.Select(s => s.Name), ServiceSections.Root)}");
                continue;
            }

            CheckNode(child, section.OptionsType, errors);
        }

        return errors;
    }

    private static void CheckNode(IConfigurationSection node, Type type, List<string> errors)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(underlying))
        {
            if (node.GetChildren().Any())
            {
                errors.Add($"{node.Path} takes a single value, not the keys under it ({node.GetChildren().First().Path})");
            }
            else
            {
                CheckValue(node, type, underlying, errors);
            }

            return;
        }

        if (ElementType(underlying) is { } element)
        {
            var map = IsMap(underlying);
            foreach (var child in node.GetChildren())
            {
                if (!map && !int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{child.Path}: a list takes indexes (:0, :1, ...), not '{child.Key}'");
                    continue;
                }

                CheckNode(child, element, errors);
            }

            // A list may also be one comma-separated value (CallMetrics__Kafka__Topics=a,b from the environment).
            return;
        }

        foreach (var child in node.GetChildren())
        {
            var property = underlying.GetProperty(child.Key, PublicInstance);
            if (property is null || property.GetIndexParameters().Length > 0 || !(property.SetMethod is { IsPublic: true } || !IsValue(property.PropertyType)))
            {
                var names = underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);
                errors.Add($"{child.Path} is not a setting{Suggest(child.Key, names, node.Path)}");
                continue;
            }

            CheckNode(child, property.PropertyType, errors);
        }
    }

    private static void CheckValue(IConfigurationSection node, Type type, Type underlying, List<string> errors)
    {
        var value = node.Value;
        if (value is null || underlying == typeof(string) || (value.Length == 0 && underlying != type))
        {
            // Strings take anything; an empty value clears a nullable setting (Rolling= turns rolling windows off).
            return;
        }

        try
        {
            var converted = TypeDescriptor.GetConverter(underlying).ConvertFromInvariantString(value);
            if (underlying.IsEnum && (converted is null || !Enum.IsDefined(underlying, converted)))
            {
                errors.Add($"{node.Path}: '{value}' is not one of {string.Join(", ", Enum.GetNames(underlying))}");
            }
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            errors.Add($"{node.Path}: {Describe(value, underlying, exception)}");
        }
    }

    private static string Describe(string value, Type type, Exception exception)
    {
        if (type == typeof(TimeSpan))
        {
            // DurationConverter's own message names the accepted forms.
            return (exception.InnerException ?? exception).Message;
        }

        var expected = type switch
        {
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number (from " + MinMax(type) + ")",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(Uri) => "an address",
            _ => "a " + type.Name,
        };
        return $"'{value}' is not {expected}";
    }

    private static string MinMax(Type type) => type == typeof(int)
        ? $"{int.MinValue.ToString(CultureInfo.InvariantCulture)} to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}"
        : $"{long.MinValue.ToString(CultureInfo.InvariantCulture)} to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Types the binder reads from one value rather than from keys under it.</summary>
    private static bool IsValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime)
            || underlying == typeof(Uri) || underlying == typeof(Guid);
    }

    private static bool IsMap(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>));

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (IsMap(type))
        {
            return type.GetGenericArguments()[1];
        }

        return type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>" (did you mean PATH:NAME?)" for the closest known name within two edits, else nothing.</summary>
    private static string Suggest(string key, IEnumerable<string> known, string parent)
    {
        var best = known
            .Select(name => (Name: name, Distance: Distance(key.ToUpperInvariant(), name.ToUpperInvariant())))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" (did you mean {parent}:{best.Name}?)";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
