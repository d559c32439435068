using System.Globalization;

namespace CallMetrics.Core.Tests.Support;

/// <summary>One parsed line of line protocol: measurement, tags, fields, timestamp.</summary>
public sealed record MetricLine(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, string> Fields, long Timestamp)
{
    /// <summary>Parses a line written by the formatter (tag values may contain escaped ',', '=' and ' ').</summary>
    public static MetricLine Parse(string line)
    {
        var parts = SplitUnescaped(line, ' ');
        if (parts.Count != 3)
        {
            throw new FormatException($"expected 'series fields timestamp': {line}");
        }

        var series = SplitUnescaped(parts[0], ',');
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in series.Skip(1))
        {
            var kv = SplitUnescaped(tag, '=');
            tags[kv[0]] = Unescape(kv[1]);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in SplitUnescaped(parts[1], ','))
        {
            var kv = SplitUnescaped(field, '=');
            fields[kv[0]] = kv[1];
        }

        return new MetricLine(series[0], tags, fields, long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>A field as a number (integer fields without their 'i').</summary>
    public double Number(string field) => double.Parse(Fields[field].TrimEnd('i'), CultureInfo.InvariantCulture);

    /// <summary>The value of a tag, or null.</summary>
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the line has this field.</summary>
    public bool Has(string field) => Fields.ContainsKey(field);

    // As InfluxDB 1.x reads it: a separator is escaped when the character before it is a backslash;
    // a backslash escapes nothing else (so `a\\,b` is the value `a\,b`).
    private static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == separator && (i == 0 || text[i - 1] != '\\'))
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static string Unescape(string value) => value.Replace("\\,", ",", StringComparison.Ordinal)
        .Replace("\\=", "=", StringComparison.Ordinal).Replace("\\ ", " ", StringComparison.Ordinal);
}
