using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Grafana;

/// <summary>
/// Every query of every dashboard shipped in docker/grafana runs against a real InfluxDB 1.x filled with
/// <c>callmetrics replay</c>'s output, with Grafana's macros and template variables substituted the way
/// Grafana does, and returns the series the panel is meant to draw.
/// </summary>
public sealed partial class DashboardQueryTests : IClassFixture<DashboardQueryTests.FilledInflux>
{
    private const string Database = "callmetrics";
    private const string DataSourceUid = "callmetrics-influxql";
    private readonly FilledInflux _influx;

    public DashboardQueryTests(FilledInflux influx) => _influx = influx;

    public static TheoryData<string> Dashboards() => [.. DashboardFiles()];

    // The dashboards of the KPI and state series replay does not write: KpiDashboardQueryTests runs them on hand-written lines.
    private static string[] DashboardFiles() => [.. AllDashboardFiles().Except(KpiDashboardQueryTests.Files, StringComparer.Ordinal)];

    private static string[] AllDashboardFiles() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "grafana", "dashboards"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_eight_dashboards_and_both_provisioning_files_are_shipped()
    {
        AllDashboardFiles().Should().BeEquivalentTo(
            "agent-drilldown.json", "aht-trends.json", "occupancy.json", "queues.json", "call-types.json", "fcr.json", "live-state.json", "outcomes.json");
        var datasource = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grafana", "provisioning", "datasources", "influxdb-influxql.yaml"));
        datasource.Should().Contain($"uid: {DataSourceUid}").And.Contain("type: influxdb");
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grafana", "provisioning", "dashboards", "callmetrics.yml"))
            .Should().Contain("/var/lib/grafana/dashboards");
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_template_variable_query_returns_the_values_to_choose_from(string file)
    {
        var dashboard = Load(file);
        var variables = await ChooseVariablesAsync(dashboard);
        var names = Variables(dashboard).Select(v => v.GetProperty("name").GetString()).ToList();

        names.Should().Contain(["tenant", "interval"]);
        foreach (var variable in Variables(dashboard).Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var name = variable.GetProperty("name").GetString()!;
            variable.GetProperty("datasource").GetProperty("uid").GetString().Should().Be(DataSourceUid);
            var values = await TagValuesAsync(Substitute(variable.GetProperty("query").GetString()!, variables));
            values.Should().Contain(variables[name], $"{file}: ${name} lists the value the data has");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_panel_query_returns_its_series_for_one_value_of_each_variable(string file)
    {
        var dashboard = Load(file);
        var variables = await ChooseVariablesAsync(dashboard);
        var targets = Targets(dashboard).ToList();
        targets.Should().NotBeEmpty();
        foreach (var (panel, query) in targets)
        {
            var series = await SeriesAsync(Substitute(query, variables));
            series.Should().NotBeEmpty($"{file} '{panel}' draws something for {string.Join(", ", variables.Select(kv => $"{kv.Key}={kv.Value}"))}");
            foreach (var (tags, values) in series)
            {
                foreach (var (tag, value) in tags)
                {
                    if (variables.TryGetValue(tag, out var chosen) && query.Contains($"\"{tag}\" =~ /^${tag}$/", StringComparison.Ordinal))
                    {
                        value.Should().Be(chosen, $"{file} '{panel}' is filtered by ${tag}");
                    }
                }

                values.Should().Contain(v => v.HasValue && double.IsFinite(v.Value), $"{file} '{panel}' has numbers");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task With_all_queues_and_teams_selected_the_grouped_panels_draw_one_series_per_queue_or_team(string file)
    {
        var dashboard = Load(file);
        var variables = await ChooseVariablesAsync(dashboard);
        variables["queue"] = ".*";
        variables["team"] = ".*";
        foreach (var (panel, query) in Targets(dashboard).Where(t => !t.Query.Contains("$agent", StringComparison.Ordinal)))
        {
            var series = await SeriesAsync(Substitute(query, variables));
            if (query.Contains("GROUP BY time($interval), \"queue\"", StringComparison.Ordinal))
            {
                series.Select(s => s.Tags["queue"]).Should().BeEquivalentTo(["billing", "sales", "support"], $"{file} '{panel}'");
            }
            else if (query.Contains("GROUP BY time($interval), \"team\"", StringComparison.Ordinal) || query.Contains("GROUP BY time(1m), \"team\"", StringComparison.Ordinal))
            {
                series.Select(s => s.Tags["team"]).Should().BeEquivalentTo(["blue", "green"], $"{file} '{panel}'");
            }
            else
            {
                series.Should().NotBeEmpty($"{file} '{panel}'");
            }
        }
    }

    [Fact]
    public async Task Weighted_queue_aht_over_an_hour_equals_the_handle_time_of_its_legs_over_their_count()
    {
        // The dashboards re-weight each interval's AHT by its handled legs: check one bucket against the lines themselves.
        var variables = await ChooseVariablesAsync(Load("aht-trends.json"));
        variables["interval"] = "1h";
        var query = Targets(Load("aht-trends.json")).First(t => t.Panel == "AHT by queue").Query;
        var series = await SeriesAsync(Substitute(query, variables));
        var lines = _influx.Lines.Where(l => l.Measurement == "queue_metrics" && l.Tag("kind") == "interval" && l.Tag("queue") == variables["queue"] && l.Has("aht_s")).ToList();
        var hour = lines.GroupBy(l => l.Timestamp / 3_600_000_000_000).OrderByDescending(g => g.Sum(l => l.Number("handled"))).First();
        var expected = hour.Sum(l => l.Number("aht_s") * l.Number("handled")) / hour.Sum(l => l.Number("handled"));

        var row = await _influx.Server.QueryRowsAsync(Database, Substitute(query, variables));
        row.Single(r => (long)r["time"]! == hour.Key * 3_600_000_000_000)["aht"].Should().BeOfType<double>().Which.Should().BeApproximately(expected, 1e-6);
        series.Should().ContainSingle();
    }

    private async Task<Dictionary<string, string>> ChooseVariablesAsync(JsonDocument dashboard)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tenant"] = "default",
            ["queue"] = "sales",
            ["team"] = "blue",
            ["interval"] = "15m",
        };
        if (Variables(dashboard).FirstOrDefault(v => v.GetProperty("name").GetString() == "agent") is { ValueKind: JsonValueKind.Object } agent)
        {
            // One the variable's own query offers, with surveys (so the CSAT panels have something to draw).
            var values = await TagValuesAsync(Substitute(agent.GetProperty("query").GetString()!, variables));
            variables["agent"] = _influx.Lines
                .Where(l => l.Measurement == "agent_metrics" && l.Tag("team") == "blue" && l.Has("csat"))
                .GroupBy(l => l.Tag("agent")!)
                .OrderByDescending(g => g.Sum(l => l.Number("surveys"))).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .First(values.Contains);
        }

        return variables;
    }

    /// <summary>Grafana's substitution: $timeFilter, $__interval, $interval and the template variables (single values in regexes).</summary>
    private string Substitute(string query, IReadOnlyDictionary<string, string> variables)
    {
        var text = query
            .Replace("$timeFilter", $"time >= {_influx.FromMs}ms and time <= {_influx.ToMs}ms", StringComparison.Ordinal)
            .Replace("${__interval}", variables["interval"], StringComparison.Ordinal)
            .Replace("$__interval", variables["interval"], StringComparison.Ordinal);
        foreach (var (name, value) in variables.OrderByDescending(kv => kv.Key.Length))
        {
            text = text.Replace("${" + name + "}", value, StringComparison.Ordinal).Replace("$" + name, value, StringComparison.Ordinal);
        }

        LeftoverVariable().IsMatch(text).Should().BeFalse($"every variable of '{query}' is substituted: {text}");
        return text;
    }

    private async Task<List<string>> TagValuesAsync(string query)
    {
        var root = await _influx.Server.QueryAsync(Database, query);
        var result = root.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series)
            ? [.. series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => v[1].GetString()!))]
            : [];
    }

    private async Task<List<(Dictionary<string, string> Tags, List<double?> Values)>> SeriesAsync(string query)
    {
        var root = await _influx.Server.QueryAsync(Database, query);
        var result = root.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series))
        {
            return [];
        }

        return [.. series.EnumerateArray().Select(s =>
        {
            var tags = s.TryGetProperty("tags", out var t) ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty) : [];
            var values = s.GetProperty("values").EnumerateArray()
                .SelectMany(row => row.EnumerateArray().Skip(1))
                .Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)
                .ToList();
            return (tags, values);
        })];
    }

    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grafana", "dashboards", file)));

    private static IEnumerable<JsonElement> Variables(JsonDocument dashboard) =>
        dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray();

    private static IEnumerable<(string Panel, string Query)> Targets(JsonDocument dashboard)
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

    [GeneratedRegex(@"\$(\{)?[a-z_]+")]
    private static partial Regex LeftoverVariable();

    /// <summary>An InfluxDB 1.x filled once with <c>callmetrics replay --rolling 15m</c>'s output for a simulated morning.</summary>
    public sealed class FilledInflux : IAsyncLifetime
    {
        public InfluxServer Server { get; } = new();

        public long FromMs { get; private set; }

        public long ToMs { get; private set; }

        public IReadOnlyList<MetricLine> Lines { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await Server.StartAsync();
            var center = RandomCallCenter.Generate(seed: 7, agents: 16, calls: 160);
            var input = Path.Combine(Server.Directory, "events.jsonl");
            await File.WriteAllLinesAsync(input, center.Lines);
            var (exit, stdout, stderr) = await CliProcess.RunAsync(["replay", "--input", input, "--rolling", "15m", "--step", "1m"]);
            exit.Should().Be(0, stderr);
            Lines = [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse)];
            await Server.CreateDatabaseAsync(Database);
            using var http = new HttpClient();
            using var body = new StringContent(stdout, Encoding.UTF8);
            using var response = await http.PostAsync(new Uri($"{Server.Url}/write?db={Database}&precision=ns"), body);
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
            FromMs = center.Times[0] - 3_600_000;
            ToMs = center.Times[^1] + 3_600_000;
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
