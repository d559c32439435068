using System.Globalization;
using System.Text;
using System.Text.Json;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Grafana;

/// <summary>
/// The dashboards of the outcome, first-contact-resolution, call-type and live-state series run against a real
/// InfluxDB 1.x filled with hand-written lines in METRICS.md's formats (TestData/kpi-lines.lp), and return the
/// numbers those lines mean: a wrong field or tag name, a missing <c>kind</c> filter or an average of rates fails.
/// </summary>
public sealed class KpiDashboardQueryTests : IClassFixture<KpiDashboardQueryTests.KpiInflux>
{
    /// <summary>The dashboards this class tests (DashboardQueryTests tests the others on replay's output).</summary>
    public static readonly string[] Files = ["call-types.json", "fcr.json", "live-state.json", "outcomes.json"];

    private const string Database = "kpis";
    private static readonly long FromMs = Ms("2026-11-01T00:00:00Z");
    private static readonly long ToMs = Ms("2026-11-17T00:00:00Z");
    private readonly KpiInflux _influx;

    public KpiDashboardQueryTests(KpiInflux influx) => _influx = influx;

    public static TheoryData<string> Dashboards() => [.. Files];

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_panel_query_returns_numbers_for_one_value_of_each_variable(string file)
    {
        using var dashboard = GrafanaDashboard.Load(file);
        var variables = Chosen(dashboard);
        var targets = GrafanaDashboard.Targets(dashboard).ToList();
        targets.Should().NotBeEmpty();
        foreach (var (panel, query) in targets)
        {
            var rows = await RowsAsync(query, variables);
            rows.Should().NotBeEmpty($"{file} '{panel}' draws something");
            rows.SelectMany(r => r.Where(kv => kv.Key != "time").Select(kv => Number(kv.Value))).Should()
                .Contain(v => double.IsFinite(v), $"{file} '{panel}' has numbers");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_template_variable_lists_the_values_the_lines_have(string file)
    {
        using var dashboard = GrafanaDashboard.Load(file);
        var variables = Chosen(dashboard);
        var names = GrafanaDashboard.Variables(dashboard).Select(v => v.GetProperty("name").GetString()).ToList();
        names.Should().Contain(["tenant", "interval"]);
        foreach (var variable in GrafanaDashboard.Variables(dashboard).Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var name = variable.GetProperty("name").GetString()!;
            variable.GetProperty("datasource").GetProperty("uid").GetString().Should().Be(GrafanaDashboard.DataSourceUid);
            var root = await _influx.Server.QueryAsync(Database, GrafanaDashboard.Substitute(variable.GetProperty("query").GetString()!, variables, FromMs, ToMs));
            var values = root.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values").EnumerateArray().Select(v => v[1].GetString()).ToList();
            values.Should().Contain(variables[name], $"{file}: ${name}");
        }
    }

    [Fact]
    public async Task Weekly_fcr_by_queue_is_the_sum_of_resolved_over_the_sum_of_contacts_in_weeks_from_monday()
    {
        var rows = await RowsAsync("fcr.json", "FCR rate by queue, weekly", queue: "sales");

        // Week 1: (7 + 4) / (10 + 4), not the mean of 0.7 and 1; week 2 counts its 2 pending contacts as not resolved.
        rows.Select(r => (Instant(r), Number(r["fcr"]))).Should().Equal(("2026-11-02T00:00:00Z", 11.0 / 14), ("2026-11-09T00:00:00Z", 0.4));
    }

    [Fact]
    public async Task Weekly_fcr_by_agent_reads_the_agent_scope_only()
    {
        var rows = await RowsAsync("fcr.json", "FCR rate by agent, weekly", agent: ".*");

        rows.Select(r => ((string)r["agent"]!, Instant(r), Number(r["fcr"]))).Should().BeEquivalentTo(
            [("a1", "2026-11-02T00:00:00Z", 8.0 / 9), ("a2", "2026-11-02T00:00:00Z", 0.5)]);
    }

    [Fact]
    public async Task The_fcr_table_gives_each_agent_its_rate_and_counts_over_the_range()
    {
        var rows = await RowsAsync("fcr.json", "FCR by agent over the time range", agent: ".*");

        rows.Select(r => ((string)r["agent"]!, Number(r["FCR"]), Number(r["contacts"]), Number(r["repeated"]))).Should().BeEquivalentTo(
            [("a1", 8.0 / 9, 9.0, 1.0), ("a2", 0.5, 4.0, 2.0)]);
    }

    [Fact]
    public async Task Repeat_calls_are_summed_per_week_from_interval_lines_only()
    {
        var rows = await RowsAsync("fcr.json", "Repeat calls, weekly");

        rows.Select(r => (Instant(r), Number(r["repeat calls"]))).Should().Equal(("2026-11-02T00:00:00Z", 3.0), ("2026-11-09T00:00:00Z", 4.0));
    }

    [Fact]
    public async Task Contacts_by_outcome_show_resolved_repeated_and_pending_per_week()
    {
        var rows = await RowsAsync("fcr.json", "Contacts by outcome, selected queues, weekly", queue: "sales");

        rows.Select(r => (Number(r["resolved"]), Number(r["repeated"]), Number(r["pending"]))).Should().Equal((11.0, 3.0, 0.0), (2.0, 1.0, 2.0));
    }

    [Fact]
    public async Task Call_type_aht_and_csat_are_reweighted_and_p90_is_the_highest_interval_p90()
    {
        var aht = await RowsAsync("call-types.json", "AHT by call type", callType: "billing", interval: "1h");
        var p90 = await RowsAsync("call-types.json", "p90 handle time by call type", callType: "billing", interval: "1h");
        var csat = await RowsAsync("call-types.json", "CSAT by call type", callType: "billing", interval: "1h");

        Number(aht.Should().ContainSingle().Subject["aht"]).Should().Be(360, "(4 x 300 + 600) / 5, not the mean 450");
        Number(p90.Should().ContainSingle().Subject["p90"]).Should().Be(600);
        Number(csat.Should().ContainSingle().Subject["csat"]).Should().Be(3, "(2 x 4 + 1) / 3, not the mean 2.5");
    }

    [Fact]
    public async Task The_call_type_table_puts_aht_beside_csat_per_call_type()
    {
        var rows = await RowsAsync("call-types.json", "Call types over the time range: AHT, CSAT, volume", callType: ".*");

        var billing = rows.Single(r => (string?)r["call_type"] == "billing");
        (Number(billing["AHT"]), Number(billing["CSAT"]), Number(billing["handled"]), Number(billing["resolution rate"])).Should().Be((360.0, 3.0, 5.0, 0.6));
        var sales = rows.Single(r => (string?)r["call_type"] == "sales");
        (Number(sales["AHT"]), Number(sales["CSAT"])).Should().Be((100.0, 5.0), "a line with surveys and no handled leg adds its score, not its handle time");
    }

    [Fact]
    public async Task Outcome_rates_divide_summed_counts_and_leave_out_rolling_lines()
    {
        var resolution = await RowsAsync("outcomes.json", "Resolution rate by queue", queue: "sales", interval: "1h");
        var escalation = await RowsAsync("outcomes.json", "Escalation rate by queue", queue: "sales", interval: "1h");
        var sales = await RowsAsync("outcomes.json", "Sales conversion by team", team: "blue", interval: "1h");
        var complaints = await RowsAsync("outcomes.json", "Complaint rate by team", team: "blue", interval: "1h");

        Number(resolution.Should().ContainSingle().Subject["resolution"]).Should().BeApproximately(7.0 / 12, 1e-9, "(6 + 1) / (8 + 4), not the mean 0.5");
        Number(escalation.Should().ContainSingle().Subject["escalation"]).Should().BeApproximately(3.0 / 14, 1e-9);
        Number(sales.Should().ContainSingle().Subject["sales"]).Should().BeApproximately(0.2, 1e-9);
        Number(complaints.Should().ContainSingle().Subject["complaints"]).Should().BeApproximately(0.2, 1e-9);
    }

    [Fact]
    public async Task The_tenant_outcome_counts_come_from_interval_lines()
    {
        var rows = await RowsAsync("outcomes.json", "Outcomes, tenant", interval: "1d");

        var day = rows.Single(r => Instant(r) == "2026-11-10T00:00:00Z");
        (Number(day["resolved"]), Number(day["escalated"]), Number(day["sales"]), Number(day["complaints"])).Should().Be((12.0, 3.0, 5.0, 2.0));
    }

    [Fact]
    public async Task Waiting_and_longest_wait_follow_the_queue_state_lines_and_an_empty_queue_reads_zero()
    {
        var waiting = await RowsAsync("live-state.json", "Waiting by queue", queue: "sales", from: "2026-11-09T09:00:00Z", to: "2026-11-09T09:02:00Z");
        var longest = await RowsAsync("live-state.json", "Longest wait by queue", queue: "sales", from: "2026-11-09T09:00:00Z", to: "2026-11-09T09:02:00Z");

        waiting.Select(r => Number(r["waiting"])).Should().Equal(3, 5, 0);
        longest.Select(r => Number(r["longest wait"])).Should().Equal(95.5, 130, 0);
    }

    [Fact]
    public async Task Agents_by_state_add_up_to_the_logged_in_agents()
    {
        var tenant = await RowsAsync("live-state.json", "Agents by state, tenant", from: "2026-11-09T09:00:00Z", to: "2026-11-09T09:02:00Z");
        var teams = await RowsAsync("live-state.json", "Teams, latest state", team: ".*");

        var last = tenant.Single(r => Instant(r) == "2026-11-09T09:02:00Z");
        (Number(last["on call"]), Number(last["in wrap"]), Number(last["available"]), Number(last["not ready"])).Should().Be((4.0, 1.0, 2.0, 1.0));
        teams.Select(r => ((string)r["team"]!, Number(r["logged in"]), Number(r["on call"]))).Should().BeEquivalentTo([("blue", 5.0, 3.0), ("green", 3.0, 1.0)]);
    }

    [Fact]
    public async Task The_queue_table_shows_each_queue_latest_line()
    {
        var rows = await RowsAsync("live-state.json", "Queues, latest state", queue: ".*");

        rows.Select(r => ((string)r["queue"]!, Number(r["waiting"]))).Should().BeEquivalentTo([("sales", 0.0), ("support", 1.0)]);
    }

    private static Dictionary<string, string> Chosen(JsonDocument dashboard)
    {
        var interval = GrafanaDashboard.Variables(dashboard).Single(v => v.GetProperty("name").GetString() == "interval")
            .GetProperty("current").GetProperty("value").GetString()!;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tenant"] = "default",
            ["queue"] = "sales",
            ["team"] = "blue",
            ["agent"] = "a1",
            ["call_type"] = "billing",
            ["interval"] = interval,
        };
    }

    private Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> RowsAsync(
        string file, string panel, string queue = "sales", string team = "blue", string agent = "a1", string callType = "billing", string? interval = null, string? from = null, string? to = null)
    {
        using var dashboard = GrafanaDashboard.Load(file);
        var variables = Chosen(dashboard);
        variables["queue"] = queue;
        variables["team"] = team;
        variables["agent"] = agent;
        variables["call_type"] = callType;
        variables["interval"] = interval ?? variables["interval"];
        var query = GrafanaDashboard.Query(dashboard, panel);
        return _influx.Server.QueryRowsAsync(Database, GrafanaDashboard.Substitute(query, variables, from is null ? FromMs : Ms(from), to is null ? ToMs : Ms(to)));
    }

    private Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> RowsAsync(string query, IReadOnlyDictionary<string, string> variables) =>
        _influx.Server.QueryRowsAsync(Database, GrafanaDashboard.Substitute(query, variables, FromMs, ToMs));

    private static double Number(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => double.NaN,
    };

    private static string Instant(IReadOnlyDictionary<string, object?> row) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)row["time"]! / 100).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long Ms(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>An InfluxDB 1.x with TestData/kpi-lines.lp written to it.</summary>
    public sealed class KpiInflux : IAsyncLifetime
    {
        public InfluxServer Server { get; } = new();

        public async Task InitializeAsync()
        {
            await Server.StartAsync();
            await Server.CreateDatabaseAsync(Database);
            var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Grafana", "TestData", "kpi-lines.lp")).Where(l => l.Length > 0 && l[0] != '#');
            using var http = new HttpClient();
            using var body = new StringContent(string.Join('\n', lines), Encoding.UTF8);
            using var response = await http.PostAsync(new Uri($"{Server.Url}/write?db={Database}&precision=ns"), body);
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
