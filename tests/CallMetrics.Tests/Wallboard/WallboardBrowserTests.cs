using System.Globalization;
using System.Text;
using System.Text.Json;
using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace CallMetrics.Tests.Wallboard;

/// <summary>
/// The whole system as the demo runs it, in one process: a Kafka-protocol broker (librdkafka's mock cluster),
/// a real InfluxDB, <c>callmetrics run</c>'s web application, and Debian's Chromium driven by Playwright
/// (no browser download: an explicit executable path) looking at the wallboard like a supervisor would, while
/// events arrive and after they stop. Screenshots go to the test output (wallboard-artifacts/).
/// </summary>
[Collection(WallboardCollection.Name)]
public sealed class WallboardBrowserTests
{
    [Fact]
    public async Task The_wallboard_shows_the_live_numbers_follows_new_events_and_says_when_the_stream_stopped()
    {
        var artifacts = WallboardFixture.Artifacts;
        var center = RandomCallCenter.Generate(seed: 7, agents: 16, calls: 160);
        var firstCount = center.Lines.Count * 6 / 10;

        using var cluster = new MockKafkaCluster(brokerCount: 1);
        var topic = "call-events-" + Guid.NewGuid().ToString("N");
        cluster.CreateTopic(topic, partitions: 1);
        cluster.CreateTopic(topic + "-dead-letter", partitions: 1);
        await using var influx = await InfluxServer.StartNewAsync();
        var app = RunCommand.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--CallMetrics:Kafka:BootstrapServers={cluster.BootstrapServers}",
            $"--CallMetrics:Kafka:Topics:0={topic}",
            $"--CallMetrics:Kafka:DeadLetterTopic={topic}-dead-letter",
            $"--CallMetrics:Kafka:GroupId=wallboard-{Guid.NewGuid():N}",
            $"--CallMetrics:Influx:Url={influx.Url}",
            "--CallMetrics:Pipeline:ProvisionalInterval=00:00:01",
            "--CallMetrics:Metrics:MaxEventAge=", // the events are dated on the spec's example day, weeks ago
            "--CallMetrics:Wallboard:StaleAfter=00:00:05",
        ]);
        await using var _ = app;
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = cluster.BootstrapServers });

        WallboardFixture.Produce(producer, topic, center.Lines.Take(firstCount));
        var first = await WallboardFixture.LiveUntilAsync(http, center.Times[firstCount - 1]);

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("callmetrics-chromium-");
        try
        {
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, WallboardFixture.Options(1600, 900));
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            await page.GotoAsync(app.Urls.First() + "/");

            // 1. The tiles show the numbers the live API returns.
            await ShowsAsync(page, first);
            var midday = Path.Combine(artifacts, "1-first-part.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = midday });

            // 2. More events arrive: the tiles follow.
            WallboardFixture.Produce(producer, topic, center.Lines.Skip(firstCount));
            var second = await WallboardFixture.LiveUntilAsync(http, center.Times[^1]);
            TodayOffered(second).Should().BeGreaterThan(TodayOffered(first));
            var metrics = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            metrics["callmetrics_events_accepted_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(center.Lines.Count, "operators see every event accepted");
            metrics.Should().ContainKey("callmetrics_watermark_lag_seconds");
            metrics["callmetrics_live_failures_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(0);
            await ShowsAsync(page, second);
            (await page.Locator("#stale-banner").IsHiddenAsync()).Should().BeTrue();
            (await page.Locator("#age").TextContentAsync()).Should().MatchRegex(@"^data is \d+ s old$");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "2-more-events.png") });

            // 3. Nothing more comes: after StaleAfter (5 s here, 30 s by default) the page says so.
            await page.WaitForSelectorAsync("body[data-stale='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
            (await page.Locator("#stale-banner").IsVisibleAsync()).Should().BeTrue();
            (await page.Locator("#stale-banner").TextContentAsync()).Should().Contain("STREAM STOPPED").And.MatchRegex(@"data is \d+ s old");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "3-stale.png") });
        }
        finally
        {
            profile.Delete(recursive: true);
        }

        await app.StopAsync();
    }

    /// <summary>Waits until the page shows <paramref name="live"/>'s version, then compares every tile with it.</summary>
    private static async Task ShowsAsync(IPage page, JsonElement live)
    {
        var version = live.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture);
        await page.WaitForSelectorAsync($"body[data-version='{version}']", new PageWaitForSelectorOptions { Timeout = 30_000 });

        var queues = live.GetProperty("queues").EnumerateArray().ToList();
        queues.Should().NotBeEmpty();
        (await page.Locator(".tile.queue").CountAsync()).Should().Be(queues.Count);
        foreach (var q in queues)
        {
            var tile = page.Locator($".tile.queue[data-queue='{q.GetProperty("queue").GetString()}']");
            (await Field(tile, "waiting", "now")).Should().Be(q.GetProperty("waiting").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "offered", "today")).Should().Be(q.GetProperty("today").GetProperty("offered").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "abandoned", "today")).Should().Be(q.GetProperty("today").GetProperty("abandoned").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "serviceLevel", "rolling")).Should().Be(Percent(q.GetProperty("rolling"), "serviceLevel"));
        }

        var teams = live.GetProperty("teams").EnumerateArray().ToList();
        teams.Should().NotBeEmpty();
        foreach (var t in teams)
        {
            var tile = page.Locator($".tile.team[data-team='{t.GetProperty("team").GetString()}']");
            (await Field(tile, "occupancy", "rolling")).Should().Be(Percent(t.GetProperty("rolling"), "occupancy"));
            (await Field(tile, "handled", "today")).Should().Be(t.GetProperty("today").GetProperty("handled").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "busy", "now")).Should().Be(t.GetProperty("agents").GetProperty("busy").GetInt32().ToString(CultureInfo.InvariantCulture));
        }

        var loggedIn = live.GetProperty("agents").EnumerateArray().Count(a => a.GetProperty("state").GetString() != "logged_out");
        (await page.Locator(".agent").CountAsync()).Should().Be(loggedIn);
    }

    private static async Task<string> Field(ILocator tile, string field, string window) =>
        (await tile.Locator($"[data-field='{field}'][data-window='{window}']").TextContentAsync())!.Trim();

    /// <summary>The page's percent format: rounded, "82 %", or "–" for no value.</summary>
    private static string Percent(JsonElement figures, string name) =>
        figures.ValueKind == JsonValueKind.Object && figures.GetProperty(name) is { ValueKind: JsonValueKind.Number } v
            ? Math.Round(v.GetDouble() * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %"
            : "–";

    private static int TodayOffered(JsonElement live) =>
        live.GetProperty("queues").EnumerateArray().Sum(q => q.GetProperty("today").GetProperty("offered").GetInt32());
}
