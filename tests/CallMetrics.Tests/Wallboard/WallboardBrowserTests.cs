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
/// (no browser download: an explicit executable path) looking at the wallboard like a supervisor would.
/// Screenshots go to the test output (wallboard-artifacts/); with CALLMETRICS_UPDATE_DOCS=1 the mid-day one also
/// replaces docs/wallboard.png.
/// </summary>
public sealed class WallboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_wallboard_shows_the_live_numbers_follows_new_events_and_says_when_the_stream_stopped()
    {
        File.Exists(Chromium).Should().BeTrue("the browser test needs Debian's chromium (scripts/install-deps.sh)");
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "wallboard-artifacts")).FullName;
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
            "--CallMetrics:Wallboard:StaleAfter=00:00:05",
        ]);
        await using var _ = app;
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        using var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = cluster.BootstrapServers });

        Produce(producer, topic, center.Lines.Take(firstCount));
        var first = await LiveUntilAsync(http, center.Times[firstCount - 1]);

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("callmetrics-chromium-");
        try
        {
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
            });
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            await page.GotoAsync(app.Urls.First() + "/");

            // 1. The tiles show the numbers the live API returns.
            await ShowsAsync(page, first);
            var midday = Path.Combine(artifacts, "1-first-part.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = midday, FullPage = true });

            // 2. More events arrive: the tiles follow.
            Produce(producer, topic, center.Lines.Skip(firstCount));
            var second = await LiveUntilAsync(http, center.Times[^1]);
            TodayOffered(second).Should().BeGreaterThan(TodayOffered(first));
            var metrics = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            metrics["callmetrics_events_accepted_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(center.Lines.Count, "operators see every event accepted");
            metrics.Should().ContainKey("callmetrics_watermark_lag_seconds");
            metrics["callmetrics_live_failures_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(0);
            await ShowsAsync(page, second);
            (await page.Locator("#stale-banner").IsHiddenAsync()).Should().BeTrue();
            (await page.Locator("#age").TextContentAsync()).Should().MatchRegex(@"^data is \d+ s old$");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "2-more-events.png"), FullPage = true });

            // 3. Nothing more comes: after StaleAfter (5 s here, 30 s by default) the page says so.
            await page.WaitForSelectorAsync("body[data-stale='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
            (await page.Locator("#stale-banner").IsVisibleAsync()).Should().BeTrue();
            (await page.Locator("#stale-banner").TextContentAsync()).Should().Contain("STREAM STOPPED").And.MatchRegex(@"data is \d+ s old");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "3-stale.png"), FullPage = false });

            // The README's picture (the board mid-day, with calls waiting and agents busy) is refreshed only when
            // asked: a test run must not leave the checkout modified.
            if (Environment.GetEnvironmentVariable("CALLMETRICS_UPDATE_DOCS") == "1" && RepositoryRoot() is { } root)
            {
                File.Copy(midday, Path.Combine(root, "docs", "wallboard.png"), overwrite: true);
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }

        await app.StopAsync();
    }

    private static void Produce(KafkaEventProducer producer, string topic, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            producer.Produce(topic, null, Encoding.UTF8.GetBytes(line));
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }

    /// <summary>Polls the live API until its event time reaches the last produced event.</summary>
    private static async Task<JsonElement> LiveUntilAsync(HttpClient http, long lastEventMs)
    {
        var expected = DateTimeOffset.FromUnixTimeMilliseconds(lastEventMs);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/live"));
            var eventTime = doc.RootElement.GetProperty("eventTime").GetString();
            if (eventTime is not null && DateTimeOffset.Parse(eventTime, CultureInfo.InvariantCulture) >= expected)
            {
                return doc.RootElement.Clone();
            }

            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"the live API did not reach {expected:O}; it is at {eventTime}");
            }

            await Task.Delay(200);
        }
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
            (await Field(tile, "waiting")).Should().Be(q.GetProperty("waiting").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "offeredToday")).Should().Be(q.GetProperty("today").GetProperty("offered").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "answeredToday")).Should().Be(q.GetProperty("today").GetProperty("answered").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "abandonedToday")).Should().Be(q.GetProperty("today").GetProperty("abandoned").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "serviceLevel")).Should().Be(Percent(q.GetProperty("rolling"), "serviceLevel"));
        }

        var teams = live.GetProperty("teams").EnumerateArray().ToList();
        teams.Should().NotBeEmpty();
        foreach (var t in teams)
        {
            var tile = page.Locator($".tile.team[data-team='{t.GetProperty("team").GetString()}']");
            (await Field(tile, "occupancy")).Should().Be(Percent(t.GetProperty("rolling"), "occupancy"));
            (await Field(tile, "handledToday")).Should().Be(t.GetProperty("today").GetProperty("handled").GetInt32().ToString(CultureInfo.InvariantCulture));
            (await Field(tile, "busy")).Should().Be(t.GetProperty("agents").GetProperty("busy").GetInt32().ToString(CultureInfo.InvariantCulture));
        }

        var loggedIn = live.GetProperty("agents").EnumerateArray().Count(a => a.GetProperty("state").GetString() != "logged_out");
        (await page.Locator(".agent").CountAsync()).Should().Be(loggedIn);
    }

    private static async Task<string> Field(ILocator tile, string field) =>
        (await tile.Locator($"[data-field='{field}']").First.TextContentAsync())!.Trim();

    /// <summary>The page's percent format: rounded, "82 %", or "–" for no value.</summary>
    private static string Percent(JsonElement figures, string name) =>
        figures.ValueKind == JsonValueKind.Object && figures.GetProperty(name) is { ValueKind: JsonValueKind.Number } v
            ? Math.Round(v.GetDouble() * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %"
            : "–";

    private static int TodayOffered(JsonElement live) =>
        live.GetProperty("queues").EnumerateArray().Sum(q => q.GetProperty("today").GetProperty("offered").GetInt32());

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallMetrics.sln")) && Directory.Exists(Path.Combine(dir.FullName, "docs")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
