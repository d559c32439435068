using System.Text.Json;
using System.Text.RegularExpressions;

namespace CallMetrics.Tests.Grafana;

/// <summary>A dashboard of docker/grafana/dashboards as the query tests read it: its variables, its panels' InfluxQL, and Grafana's substitution.</summary>
internal static partial class GrafanaDashboard
{
    public const string DataSourceUid = "callmetrics-influxql";

    public static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grafana", "dashboards", file)));

    public static IEnumerable<JsonElement> Variables(JsonDocument dashboard) =>
        dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray();

    /// <summary>Every panel's targets (title, InfluxQL); each must use the InfluxQL data source and a raw query.</summary>
    public static IEnumerable<(string Panel, string Query)> Targets(JsonDocument dashboard)
    {
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            var title = panel.GetProperty("title").GetString()!;
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                target.GetProperty("datasource").GetProperty("uid").GetString().Should().Be(DataSourceUid, title);
                target.GetProperty("rawQuery").GetBoolean().Should().BeTrue(title);
                yield return (title, target.GetProperty("query").GetString()!);
            }
        }
    }

    /// <summary>The one query of the panel titled <paramref name="title"/>.</summary>
    public static string Query(JsonDocument dashboard, string title) => Targets(dashboard).Single(t => t.Panel == title).Query;

    /// <summary>Grafana's substitution: $timeFilter, $__interval, $interval and the template variables (single values in regexes).</summary>
    public static string Substitute(string query, IReadOnlyDictionary<string, string> variables, long fromMs, long toMs)
    {
        var text = query
            .Replace("$timeFilter", $"time >= {fromMs}ms and time <= {toMs}ms", StringComparison.Ordinal)
            .Replace("${__interval}", variables["interval"], StringComparison.Ordinal)
            .Replace("$__interval", variables["interval"], StringComparison.Ordinal);
        foreach (var (name, value) in variables.OrderByDescending(kv => kv.Key.Length))
        {
            text = text.Replace("${" + name + "}", value, StringComparison.Ordinal).Replace("$" + name, value, StringComparison.Ordinal);
        }

        LeftoverVariable().IsMatch(text).Should().BeFalse($"every variable of '{query}' is substituted: {text}");
        return text;
    }

    [GeneratedRegex(@"\$(\{)?[a-z_]+")]
    private static partial Regex LeftoverVariable();
}
