using System.Globalization;
using System.Text;

namespace CallMetrics.Tests.Support;

/// <summary>One sample line: a series (name and labels), its value and optional timestamp (ms).</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs);

/// <summary>A metric family: the samples under one name, with the type and help its metadata lines gave.</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, IReadOnlyList<PrometheusSample> Samples);

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, following the format's documented grammar
/// (prometheus.io, "Exposition formats", text format details): a line is blank, a comment, <c># HELP name text</c>,
/// <c># TYPE name counter|gauge|histogram|summary|untyped</c>, or a sample
/// <c>name[{label="value",...}] value [timestamp]</c>. Names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; label values escape <c>\\</c>, <c>\"</c> and <c>\n</c>; values are Go floats
/// (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c> included); timestamps are integers. A family's lines are contiguous, its
/// TYPE and HELP come at most once and before its samples, and no series repeats. Anything else is a
/// <see cref="FormatException"/> naming the line. No Prometheus text parser is served for .NET, and the test must
/// not accept what Prometheus would refuse.
/// </summary>
public static class PrometheusText
{
    private static readonly HashSet<string> s_types = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>Parses an exposition into its families, by name, in order of appearance.</summary>
    public static IReadOnlyDictionary<string, PrometheusFamily> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        var families = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var order = new List<string>();
        var closed = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var number = i + 1;
            var line = lines[i];
            try
            {
                if (line.Trim(' ', '\t').Length == 0)
                {
                    continue;
                }

                if (line.TrimStart(' ', '\t').StartsWith('#'))
                {
                    if (Metadata(line) is not { } meta)
                    {
                        continue;
                    }

                    var family = Enter(meta.Name);
                    if (family.Samples.Count > 0)
                    {
                        throw new FormatException($"{meta.Keyword} of {meta.Name} after its samples");
                    }

                    if (meta.Keyword == "TYPE")
                    {
                        family.Type = family.Type is null ? meta.Text : throw new FormatException($"second TYPE of {meta.Name}");
                        if (!s_types.Contains(meta.Text))
                        {
                            throw new FormatException($"unknown type '{meta.Text}'");
                        }
                    }
                    else
                    {
                        family.Help = family.Help is null ? Unescape(meta.Text, quoted: false) : throw new FormatException($"second HELP of {meta.Name}");
                    }

                    continue;
                }

                var sample = Sample(line);
                var owner = FamilyOf(sample.Name);
                var builder = Enter(owner);
                if (!series.Add(sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}"))
                {
                    throw new FormatException($"series {sample.Name} repeated");
                }

                builder.Samples.Add(sample);
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {number}: {e.Message}: {line}", e);
            }
        }

        return order.ToDictionary(n => n, n => families[n].Build(), StringComparer.Ordinal);

        Builder Enter(string name)
        {
            if (current != name)
            {
                if (current is not null)
                {
                    closed.Add(current);
                }

                if (closed.Contains(name))
                {
                    throw new FormatException($"the lines of {name} are not together");
                }

                current = name;
            }

            if (!families.TryGetValue(name, out var builder))
            {
                families[name] = builder = new Builder(name);
                order.Add(name);
            }

            return builder;
        }

        // A histogram's or summary's _bucket, _sum and _count samples belong to the family named without them.
        string FamilyOf(string sampleName)
        {
            foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            {
                if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(sampleName[..^suffix.Length], out var f)
                    && f.Type is "histogram" or "summary" && (suffix != "_bucket" || f.Type == "histogram"))
                {
                    return f.Name;
                }
            }

            return sampleName;
        }
    }

    private static (string Keyword, string Name, string Text)? Metadata(string line)
    {
        var rest = line.TrimStart(' ', '\t')[1..].TrimStart(' ', '\t');
        var keyword = Token(ref rest);
        if (keyword is not ("HELP" or "TYPE"))
        {
            return null;
        }

        var name = Token(ref rest);
        if (!IsMetricName(name))
        {
            throw new FormatException($"'{name}' is not a metric name");
        }

        var text = keyword == "TYPE" ? rest.Trim(' ', '\t') : rest.TrimStart(' ', '\t');
        return (keyword, name, text);
    }

    private static PrometheusSample Sample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }

        var start = position;
        while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] is '_' or ':'))
        {
            position++;
        }

        var name = line[start..position];
        if (!IsMetricName(name))
        {
            throw new FormatException($"'{name}' is not a metric name");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position = Labels(line, position + 1, labels);
        }

        var rest = line[position..];
        if (rest.Length == 0 || rest[0] is not (' ' or '\t'))
        {
            throw new FormatException("no blank before the value");
        }

        var valueText = Token(ref rest);
        var value = valueText switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ when double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !valueText.Contains(',', StringComparison.Ordinal) => v,
            _ => throw new FormatException($"'{valueText}' is not a value"),
        };
        long? timestamp = null;
        if (rest.Trim(' ', '\t').Length > 0)
        {
            var timestampText = Token(ref rest);
            timestamp = long.TryParse(timestampText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t)
                ? t
                : throw new FormatException($"'{timestampText}' is not a timestamp");
            if (rest.Trim(' ', '\t').Length > 0)
            {
                throw new FormatException("text after the timestamp");
            }
        }

        return new PrometheusSample(name, labels, value, timestamp);
    }

    // After '{': label="value" pairs separated by commas (a trailing comma allowed), then '}'. Returns the position after '}'.
    private static int Labels(string line, int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            position = SkipBlanks(line, position);
            if (position < line.Length && line[position] == '}')
            {
                return position + 1;
            }

            var start = position;
            while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] == '_'))
            {
                position++;
            }

            var name = line[start..position];
            if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            {
                throw new FormatException($"'{name}' is not a label name");
            }

            position = SkipBlanks(line, position);
            if (position >= line.Length || line[position] != '=')
            {
                throw new FormatException($"no '=' after label {name}");
            }

            position = SkipBlanks(line, position + 1);
            if (position >= line.Length || line[position] != '"')
            {
                throw new FormatException($"the value of label {name} is not quoted");
            }

            var value = new StringBuilder();
            position++;
            while (true)
            {
                if (position >= line.Length)
                {
                    throw new FormatException($"the value of label {name} is not closed");
                }

                var c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    value.Append(position < line.Length ? line[position++] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        var other => throw new FormatException($"unknown escape \\{other} in label {name}"),
                    } : throw new FormatException($"the value of label {name} ends in a backslash"));
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(name, value.ToString()))
            {
                throw new FormatException($"label {name} repeated");
            }

            position = SkipBlanks(line, position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
                continue;
            }

            if (position < line.Length && line[position] == '}')
            {
                return position + 1;
            }

            throw new FormatException($"no ',' or '}}' after label {name}");
        }
    }

    private static string Unescape(string text, bool quoted)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                throw new FormatException("the help text ends in a backslash");
            }

            result.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when quoted => '"',
                var other => throw new FormatException($"unknown escape \\{other} in the help text"),
            });
        }

        return result.ToString();
    }

    private static string Token(ref string rest)
    {
        rest = rest.TrimStart(' ', '\t');
        var end = rest.IndexOfAny([' ', '\t']);
        var token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? string.Empty : rest[end..];
        return token;
    }

    private static int SkipBlanks(string line, int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private sealed class Builder(string name)
    {
        public string Name { get; } = name;

        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<PrometheusSample> Samples { get; } = [];

        public PrometheusFamily Build() => new(Name, Type ?? "untyped", Help, Samples);
    }
}
