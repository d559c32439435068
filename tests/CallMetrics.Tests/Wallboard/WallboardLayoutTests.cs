using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CallMetrics.Tests.Wallboard;

/// <summary>
/// The wallboard of a center of 12 queues, 8 teams and 60 agents as a supervisor sees it across the room, on the
/// screens it hangs on: all of it on the screen, every figure named with its window, the figures the API gives,
/// sparklines drawn from the start, and agent cards timing the current activity.
/// </summary>
[Collection(WallboardCollection.Name)]
public sealed class WallboardLayoutTests(WallboardFixture board, ITestOutputHelper output)
{
    /// <summary>What lies off the screen, has no size, or sticks out of its tile or card; and whether the page scrolls.</summary>
    internal const string OffScreen =
        """
        () => {
          const bad = [];
          const W = window.innerWidth, H = window.innerHeight;
          const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.dataset.queue || e.dataset.team || e.dataset.agent || e.dataset.field || '');
          const inside = (r, b) => r.left >= b.left - 0.5 && r.top >= b.top - 0.5 && r.right <= b.right + 0.5 && r.bottom <= b.bottom + 0.5;
          const screen = { left: 0, top: 0, right: W, bottom: H };
          for (const e of document.querySelectorAll('header, h2, .tile, .agent, .abandons li, .spark, .alert, [data-field]')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) bad.push(name(e) + ' has no size');
            else if (!inside(r, screen)) bad.push(name(e) + ' at ' + JSON.stringify(r) + ' is off the screen');
            const box = e.closest('.tile, .agent');
            if (box && box !== e && !inside(r, box.getBoundingClientRect())) bad.push(name(e) + ' sticks out of ' + name(box));
          }
          if (document.documentElement.scrollHeight > H || document.documentElement.scrollWidth > W) bad.push('the document is larger than the viewport');
          window.scrollTo(0, 100000);
          if (window.scrollY !== 0) bad.push('the page scrolls');
          return bad;
        }
        """;

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1280, 720)]
    public async Task Every_tile_card_and_heading_lies_inside_the_viewport_and_the_page_does_not_scroll(int width, int height)
    {
        var page = await board.OpenAsync(width, height);

        (await page.Locator(".tile.queue").CountAsync()).Should().Be(12);
        (await page.Locator(".tile.team").CountAsync()).Should().Be(8);
        (await page.Locator(".agent").CountAsync()).Should().Be(60);
        (await page.Locator("[data-pages]").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.pages)")).Should().OnlyContain(p => p == "1", "all of them fit on one page");
        var outside = await page.EvaluateAsync<string[]>(OffScreen);

        outside.Should().BeEmpty();
        output.WriteLine($"{width}x{height}: scale {await page.GetAttributeAsync("html", "data-scale")}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WallboardFixture.Artifacts, $"board-{width}x{height}.png") });
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_center_larger_than_the_screen_holds_fewer_tiles_per_page_and_turns_its_pages()
    {
        // Three times the queues and teams, four times the agents: more than fits at a readable size.
        var big = JsonNode.Parse(board.Live.GetRawText())!.AsObject();
        Multiply(big, "queues", "queue", 3);
        Multiply(big, "teams", "team", 3);
        Multiply(big, "agents", "agent", 4);
        var config = JsonNode.Parse(await board.Http.GetStringAsync("/api/v1/wallboard/config"))!.AsObject();
        config["rotateEverySeconds"] = 1;
        var page = await board.OpenAsync(1920, 1080, async p =>
        {
            await p.RouteAsync("**/api/v1/wallboard/config", r => r.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = config.ToJsonString() }));
            await p.RouteAsync("**/api/v1/live/stream**", r => r.FulfillAsync(new RouteFulfillOptions { ContentType = "text/event-stream", Body = "data: " + big.ToJsonString() + "\n\n" }));
        });

        (await page.EvaluateAsync<string[]>(OffScreen)).Should().BeEmpty();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WallboardFixture.Artifacts, "board-paged-1920x1080.png") });
        double.Parse((await page.GetAttributeAsync("html", "data-scale"))!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(0.7, "no smaller than readable");
        foreach (var (section, kind, all) in new[] { ("queues", "queue", 36), ("agents", "agent", 240) })
        {
            var pages = int.Parse((await page.GetAttributeAsync($"#{section}-section", "data-pages"))!, CultureInfo.InvariantCulture);
            pages.Should().BeGreaterThan(1, section);
            (await page.Locator($"#{section}-section h2 .page").TextContentAsync()).Should().MatchRegex(@"^page \d+ of " + pages + "$");
            var seen = new HashSet<string>();
            for (var turn = 0; turn < pages; turn++)
            {
                var shown = await page.GetAttributeAsync($"#{section}-section", "data-page");
                seen.UnionWith(await page.Locator($"#{section} [data-{kind}]").EvaluateAllAsync<string[]>($"es => es.map(e => e.dataset.{kind})"));
                await page.WaitForFunctionAsync($"() => document.querySelector('#{section}-section').dataset.page !== '{shown}'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
            }

            seen.Should().HaveCount(all, $"every one of the {section} is on one of the pages");
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task Every_figure_is_labelled_with_its_window()
    {
        var page = await board.OpenAsync(1920, 1080);
        var rolling = board.Live.GetProperty("rollingWindow").GetString();
        rolling.Should().Be("15m");

        var figures = await page.EvaluateAsync<JsonElement>(
            """
            () => Array.from(document.querySelectorAll('main [data-field]')).map(e => {
              const group = e.closest('.win');
              const label = group && group.querySelector('.win-label');
              const box = label ? label.getBoundingClientRect() : null;
              return {
                field: e.dataset.field, window: e.dataset.window || '', group: group ? group.dataset.window : '',
                label: label ? label.textContent.trim().toLowerCase() : '', shown: !!box && box.width > 0 && box.height > 0,
              };
            })
            """);
        var legend = await page.Locator("header .legend").TextContentAsync();

        figures.GetArrayLength().Should().BeGreaterThan(12 * 12 + 8 * 15 + 60 * 2 - 1);
        foreach (var f in figures.EnumerateArray())
        {
            var window = f.GetProperty("window").GetString();
            var expected = window switch { "now" => "now", "today" => "today", "rolling" => "last 15 min", _ => null };
            var what = $"{f.GetProperty("field").GetString()} ({window})";
            expected.Should().NotBeNull(what + " names a window");
            f.GetProperty("group").GetString().Should().Be(window, what + " sits in the group of its window");
            f.GetProperty("label").GetString().Should().Be(expected, what + " is labelled with its window");
            f.GetProperty("shown").GetBoolean().Should().BeTrue(what + "'s label is on the screen");
        }

        legend.Should().ContainAll("now", "last 15 min", "today");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Every_figure_shows_the_live_apis_value_for_its_window()
    {
        var page = await board.OpenAsync(1920, 1080);
        var live = board.Live;

        var shown = await page.EvaluateAsync<JsonElement>(
            """
            () => Array.from(document.querySelectorAll('main [data-field]')).map(e => {
              const owner = e.closest('[data-queue], [data-team], [data-agent]');
              return { kind: owner.dataset.queue ? 'queue' : owner.dataset.team ? 'team' : 'agent', name: owner.dataset.queue || owner.dataset.team || owner.dataset.agent,
                       field: e.dataset.field, window: e.dataset.window, value: e.dataset.value, text: e.textContent.trim() };
            })
            """);

        var checkedFigures = 0;
        foreach (var s in shown.EnumerateArray())
        {
            var kind = s.GetProperty("kind").GetString()!;
            var name = s.GetProperty("name").GetString()!;
            var field = s.GetProperty("field").GetString()!;
            var window = s.GetProperty("window").GetString()!;
            var entity = live.GetProperty(kind + "s").EnumerateArray().Single(e => e.GetProperty(kind).GetString() == name);
            var source = (kind, window) switch
            {
                ("team", "now") => entity.GetProperty("agents"),
                (_, "now") or ("agent", "today") => entity,
                _ when WallboardKpis.Fields.Contains(field) => entity.GetProperty("kpis").GetProperty(window),
                _ => entity.GetProperty(window),
            };
            var api = source.ValueKind == JsonValueKind.Null ? default : source.GetProperty(field);
            var what = $"{kind} {name} {field} ({window})";
            var value = s.GetProperty("value").GetString()!;
            if (api.ValueKind is JsonValueKind.Number)
            {
                double.Parse(value, CultureInfo.InvariantCulture).Should().Be(api.GetDouble(), what);
            }
            else
            {
                value.Should().BeEmpty(what + " has no value in the API");
            }

            s.GetProperty("text").GetString().Should().Be(PageFormat.Of(field, api), what);
            checkedFigures++;
        }

        // Queue: 2 now, 6 per window, FCR and repeats today. Team: 3 now, 7 per window, FCR and repeats today.
        checkedFigures.Should().Be((12 * 16) + (8 * 19) + (60 * 2), "every figure of every tile and card");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Sparklines_are_full_at_load_from_the_services_history()
    {
        var page = await board.OpenAsync(1920, 1080);
        using var history = JsonDocument.Parse(await board.Http.GetStringAsync("/api/v1/live/history"));

        foreach (var (kind, field) in new[] { ("queue", "serviceLevel"), ("team", "occupancy") })
        {
            foreach (var series in history.RootElement.GetProperty(kind + "s").EnumerateArray())
            {
                var name = series.GetProperty(kind).GetString();
                var points = series.GetProperty("points").EnumerateArray().Where(p => p.GetProperty("figures").GetProperty(field).ValueKind == JsonValueKind.Number).ToList();
                points.Should().HaveCountGreaterThan(40, $"{kind} {name} had something happen in most minutes of the last hour");
                var spark = page.Locator($".tile.{kind}[data-{kind}='{name}'] svg.spark[data-spark='{field}']");
                (await spark.GetAttributeAsync("data-points")).Should().Be(points.Count.ToString(CultureInfo.InvariantCulture), $"{kind} {name}");
                var rolling = board.Live.GetProperty(kind + "s").EnumerateArray().Single(e => e.GetProperty(kind).GetString() == name).GetProperty("rolling").GetProperty(field).GetDouble();
                double.Parse((await spark.GetAttributeAsync("data-last"))!, CultureInfo.InvariantCulture).Should().Be(rolling, $"{kind} {name}'s line ends at the tile's figure");
                (await spark.Locator("polyline").CountAsync()).Should().BeGreaterThan(0);
            }
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task Each_agent_card_shows_the_time_since_the_agents_last_activity_change_in_the_events()
    {
        var page = await board.OpenAsync(1920, 1080);
        var eventTime = DateTimeOffset.Parse(board.Live.GetProperty("eventTime").GetString()!, CultureInfo.InvariantCulture);
        var changes = WallboardDay.LastActivityChanges(board.Day.Lines);

        var cards = await page.Locator(".agent").EvaluateAllAsync<JsonElement>(
            "cs => cs.map(c => { const d = c.querySelector(\"[data-field='inActivitySeconds']\"); return { agent: c.dataset.agent, value: d.dataset.value, text: d.textContent.trim() }; })");

        cards.GetArrayLength().Should().Be(60);
        foreach (var card in cards.EnumerateArray())
        {
            var agent = card.GetProperty("agent").GetString()!;
            var expected = (eventTime - changes[agent]).TotalSeconds;
            // The page shows the picture's event time; it refreshes once a second at most.
            double.Parse(card.GetProperty("value").GetString()!, CultureInfo.InvariantCulture).Should().BeApproximately(expected, 1.0, agent);
            card.GetProperty("text").GetString().Should().Be(PageFormat.Seconds(expected), agent);
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task The_docs_picture_is_a_1920x1080_viewport_capture()
    {
        var page = await board.OpenAsync(1920, 1080);
        var path = Path.Combine(WallboardFixture.Artifacts, "wallboard.png");

        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });

        // PNG: the IHDR chunk's width and height, big-endian, at bytes 16 and 20.
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)))
            .Should().Be((1920, 1080));
        await page.CloseAsync();

        // docs/wallboard.png is replaced only when asked: a test run must not leave the checkout modified.
        if (Environment.GetEnvironmentVariable("CALLMETRICS_UPDATE_DOCS") == "1" && RepositoryRoot() is { } root)
        {
            File.Copy(path, Path.Combine(root, "docs", "wallboard.png"), overwrite: true);
        }
    }

    private static void Multiply(JsonObject live, string list, string key, int times)
    {
        var items = live[list]!.AsArray();
        var originals = items.Select(i => i!.DeepClone()).ToList();
        for (var n = 2; n <= times; n++)
        {
            foreach (var item in originals)
            {
                var copy = item.DeepClone().AsObject();
                copy[key] = copy[key]!.GetValue<string>() + "-" + n.ToString(CultureInfo.InvariantCulture);
                items.Add(copy);
            }
        }
    }

    internal static string? RepositoryRoot()
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
