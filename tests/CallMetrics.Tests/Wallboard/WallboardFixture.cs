using System.Globalization;
using System.Text;
using System.Text.Json;
using CallMetrics.Alerts;
using CallMetrics.Commands;
using CallMetrics.Kafka;
using CallMetrics.Live;
using CallMetrics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallMetrics.Tests.Wallboard;

/// <summary>The wallboard's browser tests run one after another and share one <see cref="WallboardFixture"/> (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class WallboardCollection : ICollectionFixture<WallboardFixture>
{
    public const string Name = "Wallboard";
}

/// <summary>
/// The whole system as a supervisor meets it, started once: a Kafka-protocol broker (librdkafka's mock cluster),
/// a real InfluxDB, <c>callmetrics run</c>'s web application with a <see cref="WallboardDay"/> of 12 queues,
/// 8 teams and 60 agents produced to it, and Debian's Chromium driven by Playwright (no browser download: an
/// explicit executable path). Tests open pages at the screen sizes they need; the picture does not change
/// under them (all events are in before the first page opens).
/// </summary>
public sealed class WallboardFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private MockKafkaCluster? _cluster;
    private InfluxServer? _influx;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;
    private DirectoryInfo? _profile;

    internal WallboardDay Day { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where the tests publish alert changes, as the evaluator does in the service.</summary>
    public IAlertChanges Alerts => _app!.Services.GetRequiredService<IAlertChanges>();

    /// <summary>The live API's answer once every event is in.</summary>
    public JsonElement Live { get; private set; }

    /// <summary>Screenshots and dumps of the runs: wallboard-artifacts/ in the test output.</summary>
    public static string Artifacts => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "wallboard-artifacts")).FullName;

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).Should().BeTrue("the browser tests need Debian's chromium (scripts/install-deps.sh)");
        Day = WallboardDay.Generate(TimeProvider.System.GetUtcNow());
        _cluster = new MockKafkaCluster(brokerCount: 1);
        var topic = "call-events-" + Guid.NewGuid().ToString("N");
        _cluster.CreateTopic(topic, partitions: 1);
        _cluster.CreateTopic(topic + "-dead-letter", partitions: 1);
        _influx = await InfluxServer.StartNewAsync();
        _app = RunCommand.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--CallMetrics:Kafka:BootstrapServers={_cluster.BootstrapServers}",
            $"--CallMetrics:Kafka:Topics:0={topic}",
            $"--CallMetrics:Kafka:DeadLetterTopic={topic}-dead-letter",
            $"--CallMetrics:Kafka:GroupId=wallboard-{Guid.NewGuid():N}",
            $"--CallMetrics:Influx:Url={_influx.Url}",
            "--CallMetrics:Wallboard:StaleAfter=01:00:00", // the pictures are of a live board, not a stopped one
        ], builder => builder.Services.AddSingleton<ILiveKpis>(new WallboardKpis()));
        await _app.StartAsync();
        Address = new Uri(_app.Urls.First());
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        using (var producer = new KafkaEventProducer(new KafkaOptions { BootstrapServers = _cluster.BootstrapServers }))
        {
            Produce(producer, topic, Day.Lines);
        }

        Live = await LiveUntilAsync(Http, Day.LastMs);
        await File.WriteAllTextAsync(Path.Combine(Artifacts, "live.json"), Live.GetRawText());
        await File.WriteAllTextAsync(Path.Combine(Artifacts, "history.json"), await Http.GetStringAsync("/api/v1/live/history"));

        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("callmetrics-chromium-");
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile.FullName, Options(1920, 1080));
    }

    /// <summary>Chromium's options for the tests: headless, no sandbox, no GPU, nothing fetched from the network.</summary>
    public static BrowserTypeLaunchPersistentContextOptions Options(int width, int height) => new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        ViewportSize = new ViewportSize { Width = width, Height = height },
    };

    /// <summary>
    /// A new page of the given viewport showing the wallboard with the final picture (or with what
    /// <paramref name="prepare"/> routes to it instead).
    /// </summary>
    public async Task<IPage> OpenAsync(int width, int height, Func<IPage, Task>? prepare = null)
    {
        var page = await _browser!.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        if (prepare is not null)
        {
            await prepare(page);
        }

        await page.GotoAsync(Address.ToString());
        var version = Live.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture);
        await page.WaitForSelectorAsync($"body[data-version='{version}']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _profile?.Delete(recursive: true);
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_influx is not null)
        {
            await _influx.DisposeAsync();
        }

        _cluster?.Dispose();
    }

    internal static void Produce(KafkaEventProducer producer, string topic, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            producer.Produce(topic, null, Encoding.UTF8.GetBytes(line));
        }

        producer.Flush();
        producer.ThrowIfAnyFailed();
    }

    /// <summary>Polls the live API until its event time reaches the last produced event.</summary>
    internal static async Task<JsonElement> LiveUntilAsync(HttpClient http, long lastEventMs)
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
}
