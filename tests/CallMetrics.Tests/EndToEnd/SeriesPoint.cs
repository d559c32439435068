namespace CallMetrics.Tests.EndToEnd;

/// <summary>Identifies one stored point: measurement, tag set (sorted <c>k=v,...</c>) and timestamp (ns).</summary>
internal sealed record SeriesPoint(string Measurement, string Tags, long Timestamp)
{
    public static string TagsOf(IEnumerable<KeyValuePair<string, string>> tags) =>
        string.Join(',', tags.Where(t => t.Value.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));

    public override string ToString() => $"{Measurement},{Tags} @{DateTimeOffset.FromUnixTimeMilliseconds(Timestamp / 1_000_000):yyyy-MM-ddTHH:mm:ssZ}";
}
