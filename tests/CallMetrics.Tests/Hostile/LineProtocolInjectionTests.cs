using System.Text.Json;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Influx;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Hostile;

/// <summary>
/// Names that are line-protocol syntax (EVENTS.md ids and names are free text) go through replay and the real
/// sink into a real InfluxDB 1.x: each produces exactly its own series with the name intact, and nothing else;
/// names InfluxDB cannot carry are dead-lettered and leave the other series alone.
/// </summary>
public sealed class LineProtocolInjectionTests(InfluxServer influx) : IClassFixture<InfluxServer>, IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);
    private static int s_databases;
    private readonly string _dir = Directory.CreateTempSubdirectory("callmetrics-injection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> NastyNames() =>
    [
        "a,b",
        "a=b",
        "a b",
        " leading and trailing ",
        "a\"b",
        "\"quoted\"",
        "a'b",
        "a\\b",
        "\\leading",
        "a\\,b",
        "a\\ b",
        "a\\=b",
        "a\\\\,b\\\\ c\\\\=d",
        "x,agent=evil",
        "x kind=rolling",
        "x\\,tenant=evil",
        "x handled=99i 0",
        "#not a comment",
        ",",
        "=",
        " ",
        "é名前",
        "😀🎧",
        "\u2028\u0085",
        new string('x', 1018) + ",= \\\"'", // 1024 bytes: the longest name accepted
        string.Concat(Enumerable.Repeat("é,", 250)),
    ];

    [Theory]
    [MemberData(nameof(NastyNames))]
    public async Task An_agent_queue_team_and_tenant_with_a_nasty_name_make_exactly_their_own_series_with_the_name_intact(string name)
    {
        var events = Scenario.Create()
            .At("09:00").Login(name, team: name, tenant: name).Login("victim", team: "blue", tenant: "plain")
            .At("09:01").Queued("c1", name, tenant: name).Queued("c2", "sales", tenant: "plain")
            .At("09:01:10").Answered("c1", name, tenant: name).Answered("c2", "victim", tenant: "plain")
            .At("09:03").Ended("c1", tenant: name).Ended("c2", tenant: "plain")
            .At("09:03:30").WrapEnded("c1", name, tenant: name).WrapEnded("c2", "victim", tenant: "plain")
            .At("09:10").Logout(name, tenant: name).Logout("victim", tenant: "plain");
        var database = await ReplayIntoInfluxAsync(events.Text);

        var series = await SeriesAsync(database);

        series.Should().BeEquivalentTo(
        [
            Series("agent_metrics", ("agent", name), ("kind", "interval"), ("team", name), ("tenant", name), ("window", "15m")),
            Series("queue_metrics", ("kind", "interval"), ("queue", name), ("tenant", name), ("window", "15m")),
            Series("team_metrics", ("kind", "interval"), ("team", name), ("tenant", name), ("window", "15m")),
            Series("tenant_metrics", ("kind", "interval"), ("tenant", name), ("window", "15m")),
            Series("agent_metrics", ("agent", "victim"), ("kind", "interval"), ("team", "blue"), ("tenant", "plain"), ("window", "15m")),
            Series("queue_metrics", ("kind", "interval"), ("queue", "sales"), ("tenant", "plain"), ("window", "15m")),
            Series("team_metrics", ("kind", "interval"), ("team", "blue"), ("tenant", "plain"), ("window", "15m")),
            Series("tenant_metrics", ("kind", "interval"), ("tenant", "plain"), ("window", "15m")),
            Series("call_type_metrics", ("call_type", "unspecified"), ("kind", "interval"), ("tenant", name), ("window", "15m")),
            Series("call_type_metrics", ("call_type", "unspecified"), ("kind", "interval"), ("tenant", "plain"), ("window", "15m")),
        ]);
        var agents = await influx.QueryRowsAsync(database, "SELECT handled, logged_in_s FROM agent_metrics GROUP BY agent");
        agents.Should().HaveCount(2).And.OnlyContain(r => (long)r["handled"]! == 1 && Convert.ToDouble(r["logged_in_s"], System.Globalization.CultureInfo.InvariantCulture) == 600);
        var queues = await influx.QueryRowsAsync(database, "SELECT answered FROM queue_metrics GROUP BY queue");
        queues.Should().HaveCount(2).And.OnlyContain(r => (long)r["answered"]! == 1);
    }

    [Theory]
    [InlineData("evil\\\\")]
    [InlineData("evil\\\\\\\\")]
    [InlineData("x\\nfake,agent=a1 handled=99i")]
    [InlineData("x\\rkind=rolling")]
    [InlineData("x\\u0000y")]
    public async Task A_name_InfluxDB_cannot_carry_is_dead_lettered_and_the_other_series_are_written_untouched(string escapedName)
    {
        var good = Scenario.Create().At("09:00").Login("victim", team: "blue").At("09:10").Logout("victim");
        string Json(string type, string time) =>
            $"{{\"event_id\":\"bad-{type}\",\"type\":\"{type}\",\"ts\":\"2026-11-22T{time}Z\",\"agent_id\":\"{escapedName}\",\"team\":\"{escapedName}\",\"tenant\":\"{escapedName}\"}}";
        var lines = new[] { good.Lines[0], Json("agent.login", "09:00:30"), Json("agent.logout", "09:05:00"), good.Lines[1] };
        var deadLetters = Path.Combine(_dir, "dead.jsonl");

        var database = await ReplayIntoInfluxAsync(string.Join('\n', lines) + "\n", deadLetters);

        var letters = (await File.ReadAllLinesAsync(deadLetters)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        letters.Select(l => l.GetProperty("line").GetInt64()).Should().Equal(2, 3);
        letters.Should().OnlyContain(l => l.GetProperty("reason").GetString()!.StartsWith("bad_value: ", StringComparison.Ordinal));
        (await SeriesAsync(database)).Should().BeEquivalentTo(
        [
            Series("agent_metrics", ("agent", "victim"), ("kind", "interval"), ("team", "blue"), ("tenant", "default"), ("window", "15m")),
            Series("team_metrics", ("kind", "interval"), ("team", "blue"), ("tenant", "default"), ("window", "15m")),
            Series("tenant_metrics", ("kind", "interval"), ("tenant", "default"), ("window", "15m")),
        ]);
    }

    private static string Series(string measurement, params (string Key, string Value)[] tags) =>
        measurement + string.Concat(tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $" | {t.Key}={t.Value}"));

    /// <summary>Every series in the database as InfluxDB reports it: the measurement and each tag's stored value.</summary>
    private async Task<List<string>> SeriesAsync(string database)
    {
        var measurements = await influx.QueryRowsAsync(database, "SHOW MEASUREMENTS");
        var series = new List<string>();
        foreach (var measurement in measurements.Select(m => (string)m["name"]!))
        {
            // GROUP BY * returns one result series per stored series, with its tags decoded by the server.
            var result = await influx.QueryAsync(database, $"SELECT count(*) FROM \"{measurement}\" GROUP BY *");
            foreach (var s in result.GetProperty("results")[0].GetProperty("series").EnumerateArray())
            {
                var tags = s.GetProperty("tags").EnumerateObject().Where(t => t.Value.GetString() is { Length: > 0 }).Select(t => (t.Name, t.Value.GetString()!));
                series.Add(Series(measurement, [.. tags]));
            }
        }

        var keys = await influx.QueryRowsAsync(database, "SHOW SERIES");
        keys.Should().HaveCount(series.Count, "SHOW SERIES lists exactly the series found per measurement");
        return series;
    }

    /// <summary>Runs <c>callmetrics replay</c> in process and writes its lines with the real sink into a new database.</summary>
    private async Task<string> ReplayIntoInfluxAsync(string events, string? deadLetters = null)
    {
        var input = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(input, events);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = deadLetters is null ? ["replay", "--input", input, "--quiet"] : ["replay", "--input", input, "--dead-letter", deadLetters, "--quiet"];
        var exit = await CommandLine.RunAsync(args, stdout, stderr, CancellationToken.None);
        exit.Should().Be(0, stderr.ToString());

        var database = $"injection_{Interlocked.Increment(ref s_databases)}";
        await using (var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url, database)))
        {
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await harness.Sink.WriteAsync(LineBatches.Batch(lines), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);
            harness.Rejected.Should().BeEmpty("InfluxDB accepts every line the formatter writes");
        }

        return database;
    }
}
