using System.Globalization;
using System.Text;
using System.Text.Json;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Points as a set: (measurement, tag set, timestamp) to fields, from <c>replay</c>'s line protocol or read back from a
/// server, and the differences between two such sets.
/// </summary>
internal sealed class SeriesSet
{
    /// <summary>The measurements CallMetrics writes (METRICS.md).</summary>
    public static readonly string[] Measurements = ["agent_metrics", "team_metrics", "queue_metrics", "tenant_metrics", "call_type_metrics", "fcr_metrics", "queue_state", "team_state", "tenant_state"];

    private SeriesSet(Dictionary<SeriesPoint, Dictionary<string, double>> points) => Points = points;

    public IReadOnlyDictionary<SeriesPoint, Dictionary<string, double>> Points { get; }

    public int Count => Points.Count;

    /// <summary>The distinct series (measurement and tag set).</summary>
    public int SeriesCount => Points.Keys.Select(p => (p.Measurement, p.Tags)).Distinct().Count();

    /// <summary>The points stamped before <paramref name="cut"/>.</summary>
    public SeriesSet Before(DateTimeOffset cut)
    {
        var nanoseconds = cut.ToUnixTimeMilliseconds() * 1_000_000;
        return new SeriesSet(Points.Where(p => p.Key.Timestamp < nanoseconds).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>The points of every measurement but <paramref name="measurement"/>.</summary>
    public SeriesSet Without(string measurement) =>
        new(Points.Where(p => p.Key.Measurement != measurement).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>The points of <paramref name="measurements"/>.</summary>
    public SeriesSet Only(params string[] measurements) =>
        new(Points.Where(p => measurements.Contains(p.Key.Measurement, StringComparer.Ordinal)).ToDictionary(p => p.Key, p => p.Value));

    public static SeriesSet FromLineProtocol(string lineProtocol)
    {
        var points = new Dictionary<SeriesPoint, Dictionary<string, double>>();
        foreach (string line in lineProtocol.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            MetricLine parsed = MetricLine.Parse(line);
            var key = new SeriesPoint(parsed.Measurement, SeriesPoint.TagsOf(parsed.Tags), parsed.Timestamp);
            points.Add(key, parsed.Fields.Keys.ToDictionary(f => f, parsed.Number, StringComparer.Ordinal));
        }

        return new SeriesSet(points);
    }

    /// <summary>
    /// From the JSON of <c>SELECT * FROM /.*/ GROUP BY *</c> (epoch=ns): each series carries its measurement and tags, each
    /// row its time and fields (null where the point has no such field; InfluxDB reports absent tags as "").
    /// </summary>
    public static SeriesSet FromInfluxQl(JsonElement root)
    {
        var points = new Dictionary<SeriesPoint, Dictionary<string, double>>();
        foreach (JsonElement result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("partial", out JsonElement partial) && partial.GetBoolean())
            {
                throw new InvalidOperationException("InfluxDB truncated the result (partial); raise max-row-limit or query less at once");
            }

            if (!result.TryGetProperty("series", out JsonElement series))
            {
                continue;
            }

            foreach (JsonElement serie in series.EnumerateArray())
            {
                string measurement = serie.GetProperty("name").GetString()!;
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                if (serie.TryGetProperty("tags", out JsonElement tagObject))
                {
                    foreach (JsonProperty tag in tagObject.EnumerateObject())
                    {
                        tags[tag.Name] = tag.Value.GetString() ?? string.Empty;
                    }
                }

                string tagText = SeriesPoint.TagsOf(tags);
                string[] columns = [.. serie.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!)];
                foreach (JsonElement row in serie.GetProperty("values").EnumerateArray())
                {
                    JsonElement[] cells = [.. row.EnumerateArray()];
                    long time = cells[0].GetInt64();
                    var fields = new Dictionary<string, double>(StringComparer.Ordinal);
                    for (int i = 1; i < cells.Length; i++)
                    {
                        if (cells[i].ValueKind == JsonValueKind.Number)
                        {
                            fields[columns[i]] = cells[i].GetDouble();
                        }
                    }

                    points[new SeriesPoint(measurement, tagText, time)] = fields;
                }
            }
        }

        return new SeriesSet(points);
    }

    /// <summary>
    /// From VictoriaMetrics' export: metric <c>measurement_field</c>, tags as labels, millisecond timestamps. Labels in
    /// <paramref name="ignoredLabels"/> (those VictoriaMetrics adds itself, such as <c>db</c>) are not tags.
    /// Two samples of one metric at one timestamp that disagree are reported as a field <c>NAME#conflict</c>.
    /// </summary>
    public static SeriesSet FromVictoriaMetrics(IEnumerable<VictoriaMetricsServer.ExportedSeries> exported, IReadOnlySet<string> ignoredLabels)
    {
        var points = new Dictionary<SeriesPoint, Dictionary<string, double>>();
        foreach (VictoriaMetricsServer.ExportedSeries series in exported)
        {
            string measurement = Measurements.FirstOrDefault(m => series.Name.StartsWith(m + "_", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"unexpected metric {series.Name}");
            string field = series.Name[(measurement.Length + 1)..];
            string tags = SeriesPoint.TagsOf(series.Labels.Where(l => l.Key != "__name__" && !ignoredLabels.Contains(l.Key)));
            for (int i = 0; i < series.Values.Count; i++)
            {
                var key = new SeriesPoint(measurement, tags, series.Timestamps[i] * 1_000_000);
                if (!points.TryGetValue(key, out Dictionary<string, double>? fields))
                {
                    points[key] = fields = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                if (fields.TryGetValue(field, out double earlier) && !Close(earlier, series.Values[i]))
                {
                    fields[field + "#conflict"] = series.Values[i];
                }

                fields[field] = series.Values[i];
            }
        }

        return new SeriesSet(points);
    }

    /// <summary>A hash of every point and value, to notice when the stored series stop changing.</summary>
    public int Signature()
    {
        var hash = new HashCode();
        foreach (var (point, fields) in Points.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal))
        {
            hash.Add(point);
            foreach (var (field, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                hash.Add(field);
                hash.Add(value);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Every difference of <paramref name="actual"/> from <paramref name="expected"/>: missing and extra points, missing and
    /// extra fields, values further apart than 1e-9 (relative to the value when it is larger than 1).
    /// </summary>
    public static IReadOnlyList<string> Differences(SeriesSet expected, SeriesSet actual)
    {
        var differences = new List<string>();
        foreach (var (point, fields) in expected.Points.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal))
        {
            if (!actual.Points.TryGetValue(point, out Dictionary<string, double>? actualFields))
            {
                differences.Add($"missing {point} {Format(fields)}");
                continue;
            }

            foreach (var (field, value) in fields)
            {
                if (!actualFields.TryGetValue(field, out double actualValue))
                {
                    differences.Add($"{point}: field {field} missing (expected {Format(value)})");
                }
                else if (!Close(value, actualValue))
                {
                    differences.Add($"{point}: {field} = {Format(actualValue)}, expected {Format(value)}");
                }
            }

            foreach (string field in actualFields.Keys.Except(fields.Keys).Order(StringComparer.Ordinal))
            {
                differences.Add($"{point}: extra field {field} = {Format(actualFields[field])}");
            }
        }

        // METRICS: replay's rolling instants end at the first step after the end-of-input clock; the service writes each
        // later one once its watermark passes it (the tests' clock event moves it days on). Those later rolling and state
        // points are the service's own, not a difference.
        var lastInstant = LastRollingInstant(expected.Points.Keys);
        foreach (var (point, fields) in actual.Points.Where(p => !expected.Points.ContainsKey(p.Key) && !AfterReplaysEnd(p.Key, lastInstant)).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal))
        {
            differences.Add($"extra {point} {Format(fields)}");
        }

        return differences;
    }

    /// <summary>The last rolling step instant among <paramref name="points"/> (rolling and state lines); <see cref="long.MaxValue"/> without any.</summary>
    public static long LastRollingInstant(IEnumerable<SeriesPoint> points) =>
        points.Where(IsRollingOrState).Select(p => p.Timestamp).DefaultIfEmpty(long.MaxValue).Max();

    /// <summary>True for a rolling or state point after <paramref name="lastInstant"/>: one the service writes after replay's last instant.</summary>
    public static bool AfterReplaysEnd(SeriesPoint point, long lastInstant) => IsRollingOrState(point) && point.Timestamp > lastInstant;

    private static bool IsRollingOrState(SeriesPoint point) =>
        $",{point.Tags},".Contains(",kind=rolling,", StringComparison.Ordinal) || $",{point.Tags},".Contains(",kind=state,", StringComparison.Ordinal);

    /// <summary>
    /// A readable summary of differences: counts by kind and measurement, the range of timestamps concerned, and the first
    /// <paramref name="limit"/> differences in full.
    /// </summary>
    public static string Describe(IReadOnlyList<string> differences, int limit = 40)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{differences.Count} difference(s)");
        foreach (var group in differences
            .GroupBy(d => (Kind: d.StartsWith("missing ", StringComparison.Ordinal) ? "missing points" : d.StartsWith("extra ", StringComparison.Ordinal) ? "extra points" : "different fields",
                Measurement: Measurements.FirstOrDefault(m => d.Contains(m + ",", StringComparison.Ordinal)) ?? "?"))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Measurement, StringComparer.Ordinal))
        {
            string[] times = [.. group.Select(d => d.IndexOf(" @", StringComparison.Ordinal) is var at and >= 0 ? d.Substring(at + 2, 20) : "?").Order(StringComparer.Ordinal)];
            text.Append(CultureInfo.InvariantCulture, $"\n  {group.Count()} {group.Key.Kind} of {group.Key.Measurement}, at {times[0]} .. {times[^1]}");
        }

        text.Append("\n first ones:");
        foreach (string difference in differences.Take(limit))
        {
            text.Append("\n  ").Append(difference);
        }

        if (differences.Count > limit)
        {
            text.Append("\n  ...");
        }

        return text.ToString();
    }

    private static bool Close(double expected, double actual) =>
        Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(Dictionary<string, double> fields) =>
        string.Join(',', fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={Format(f.Value)}"));
}
