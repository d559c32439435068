using System.Globalization;

namespace CallMetrics.Core.Alerts;

/// <summary>
/// One written line as a rule reads it: measurement, tags (without <c>kind</c> and <c>window</c>), the fields as
/// written, and the line's kind and timestamp. Parsed from line protocol, so a rule sees exactly what is stored, field
/// types and number forms included.
/// </summary>
public sealed class AlertSample
{
    private readonly string _fields;

    private AlertSample(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags, string key, string kind, string window, string fields, long timestamp)
    {
        Measurement = measurement;
        Tags = tags;
        Key = key;
        Kind = kind;
        Window = window;
        _fields = fields;
        Timestamp = timestamp;
    }

    /// <summary>The measurement.</summary>
    public string Measurement { get; }

    /// <summary>The tags without <c>kind</c> and <c>window</c>, sorted by name (as line protocol keys are).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    /// <summary>The tags as one string: what tells keys apart.</summary>
    public string Key { get; }

    /// <summary>The <c>kind</c> tag (<c>interval</c>, <c>rolling</c>, <c>state</c>).</summary>
    public string Kind { get; }

    /// <summary>The <c>window</c> tag; empty for state lines.</summary>
    public string Window { get; }

    /// <summary>The line timestamp, Unix nanoseconds.</summary>
    public long Timestamp { get; }

    /// <summary>The tag <paramref name="name"/>, or null (also for <c>kind</c>, and <c>window</c> via <see cref="Window"/>).</summary>
    public string? Tag(string name)
    {
        if (name == "window")
        {
            return Window.Length > 0 ? Window : null;
        }

        foreach (var (key, value) in Tags)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The field <paramref name="name"/> as written, without the integer suffix <c>i</c> (<c>180.0</c>, <c>0</c>); null when absent.</summary>
    public string? Field(string name)
    {
        foreach (var range in _fields.AsSpan().Split(','))
        {
            var pair = _fields.AsSpan(range);
            if (pair.Length > name.Length && pair[name.Length] == '=' && pair.StartsWith(name, StringComparison.Ordinal))
            {
                var value = pair[(name.Length + 1)..];
                return (value.EndsWith('i') ? value[..^1] : value).ToString();
            }
        }

        return null;
    }

    /// <summary>The measurement of a line protocol line (the text before its first unescaped ',' or ' ').</summary>
    public static ReadOnlySpan<char> MeasurementOf(ReadOnlySpan<char> line)
    {
        var end = line.IndexOfAny(',', ' ');
        return end < 0 ? line : line[..end];
    }

    /// <summary>Parses one line protocol line as the formatter writes it; null when it is not one.</summary>
    public static AlertSample? Parse(ReadOnlySpan<char> line)
    {
        var measurement = MeasurementOf(line);
        if (measurement.Length == line.Length)
        {
            return null;
        }

        var tags = new List<KeyValuePair<string, string>>();
        string kind = string.Empty, window = string.Empty;
        var i = measurement.Length;
        var text = new System.Text.StringBuilder();
        while (i < line.Length && line[i] == ',')
        {
            var eq = line[(i + 1)..].IndexOf('=');
            if (eq < 0)
            {
                return null;
            }

            var name = line.Slice(i + 1, eq).ToString();
            i += eq + 2;
            text.Clear();
            for (; i < line.Length && line[i] is not (',' or ' '); i++)
            {
                // Tag values escape ',', '=' and ' ' with a backslash (LineProtocolText.AppendTagValue).
                if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is ',' or '=' or ' ')
                {
                    i++;
                }

                text.Append(line[i]);
            }

            var value = text.ToString();
            switch (name)
            {
                case "kind": kind = value; break;
                case "window": window = value; break;
                default: tags.Add(new(name, value)); break;
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            return null;
        }

        var rest = line[(i + 1)..];
        var space = rest.LastIndexOf(' ');
        if (space < 0 || !long.TryParse(rest[(space + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
        {
            return null;
        }

        var key = string.Join('\n', tags.Select(t => t.Key + "=" + t.Value));
        return new AlertSample(measurement.ToString(), tags, key, kind, window, rest[..space].ToString(), timestamp);
    }
}
