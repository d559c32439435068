using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Live;

namespace CallMetrics.Tests.Http;

public sealed class LiveEndpointsTests
{
    [Fact]
    public async Task Live_returns_the_picture_as_json_with_filters()
    {
        await using var host = await LiveHost.StartAsync();
        host.Feed.Feed(Scenario.Create().At("09:00")
            .Login("a1", team: "blue").Login("a2", team: "red")
            .Arrived("c1").Queued("c1", "sales").Arrived("c2").Queued("c2", "support")
            .At("09:00:20").State("a1", "available").Lines);

        using var all = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/live"));
        using var sales = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/live?queue=sales&team=red"));

        all.RootElement.GetProperty("queues").GetArrayLength().Should().Be(2);
        all.RootElement.GetProperty("eventTime").GetString().Should().Be("2026-11-22T09:00:20Z");
        sales.RootElement.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queue").GetString()).Should().Equal("sales");
        sales.RootElement.GetProperty("queues")[0].GetProperty("waiting").GetInt32().Should().Be(1);
        sales.RootElement.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agent").GetString()).Should().Equal("a2");
    }

    [Fact]
    public async Task History_returns_the_rolling_figures_of_each_step_instant_with_filters()
    {
        await using var host = await LiveHost.StartAsync();
        host.Feed.Feed(Scenario.Create().At("09:00")
            .Login("a1", team: "blue").Login("a2", team: "red")
            .Arrived("c1").Queued("c1", "sales").Arrived("c2").Queued("c2", "support")
            .At("09:00:20").Answered("c1", "a1")
            .At("09:02:30").State("a2", "available").Lines);

        using var all = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/live/history"));
        using var sales = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/live/history?queue=sales&team=red"));

        var root = all.RootElement;
        (root.GetProperty("rollingWindow").GetString(), root.GetProperty("step").GetString(), root.GetProperty("span").GetString()).Should().Be(("15m", "1m", "1h"));
        root.GetProperty("to").GetString().Should().Be("2026-11-22T09:02:00Z");
        var salesPoints = root.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "sales").GetProperty("points");
        salesPoints.EnumerateArray().Select(p => p.GetProperty("at").GetString()).Should().Equal("2026-11-22T09:01:00Z", "2026-11-22T09:02:00Z");
        salesPoints[1].GetProperty("figures").GetProperty("answered").GetInt32().Should().Be(1);
        salesPoints[1].GetProperty("figures").GetProperty("serviceLevel").GetDouble().Should().Be(1);
        sales.RootElement.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queue").GetString()).Should().Equal("sales");
        sales.RootElement.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("team").GetString()).Should().Equal("red");
    }

    [Fact]
    public async Task Stream_sends_the_picture_at_once_then_only_on_change_and_at_most_once_per_interval()
    {
        await using var host = await LiveHost.StartAsync(new LiveOptions { StreamInterval = TimeSpan.FromSeconds(1), PublishInterval = TimeSpan.Zero });
        var s = Scenario.Create().At("09:00").Login("a1").At("09:00:01").Login("a2");
        host.Feed.Feed(s.Lines);
        using var stream = await OpenStreamAsync(host);
        var events = new List<(TimeSpan At, string Data)>();
        var clock = Stopwatch.StartNew();
        var reading = ReadEventsAsync(stream, events, clock);

        // 2 s of nothing new, then 3 s of changes every 100 ms, then 2 s of nothing.
        await Task.Delay(2000);
        var changesFrom = clock.Elapsed;
        s.At("09:01");
        for (var i = 0; i < 30; i++)
        {
            host.Feed.Feed(s.After(TimeSpan.FromSeconds(1)).Login("b" + i).Lines.Skip(2 + i).ToList());
            await Task.Delay(100);
        }

        var changesTo = clock.Elapsed;
        await Task.Delay(3000);
        var seen = Snapshot(events);
        seen.Count(e => e.At < changesFrom).Should().Be(1, "the current picture is sent on connect, then nothing while nothing changes");
        var during = seen.Count(e => e.At >= changesFrom);
        during.Should().BeInRange(2, (int)Math.Ceiling((changesTo - changesFrom).TotalSeconds) + 2, "changes every 100 ms give about one event a second");
        for (var i = 1; i < seen.Count; i++)
        {
            // Measured where the client reads, so one late read shortens the next gap: half the interval still tells a
            // spaced stream (1 s) from an unspaced one (a change every 100 ms); the count above bounds the rate.
            (seen[i].At - seen[i - 1].At).Should().BeGreaterThan(TimeSpan.FromMilliseconds(500), "at most one event per stream interval");
        }

        using var lastPicture = JsonDocument.Parse(seen[^1].Data);
        lastPicture.RootElement.GetProperty("agents").GetArrayLength().Should().Be(32, "the last event carries the newest picture");
        // One publish interval plus one stream tick plus scheduling slack on a loaded 2-core machine.
        seen.Count(e => e.At > changesTo + TimeSpan.FromSeconds(3)).Should().Be(0, "nothing changed at the end");
        _ = reading;
    }

    [Fact]
    public async Task Several_stream_clients_get_the_same_pictures()
    {
        await using var host = await LiveHost.StartAsync(new LiveOptions { StreamInterval = TimeSpan.FromMilliseconds(50), PublishInterval = TimeSpan.Zero });
        var s = Scenario.Create().At("09:00").Login("a0");
        host.Feed.Feed(s.Lines);
        var clock = Stopwatch.StartNew();
        var clients = new List<(Stream Stream, List<(TimeSpan At, string Data)> Events)>();
        for (var k = 0; k < 3; k++)
        {
            var events = new List<(TimeSpan At, string Data)>();
            var stream = await OpenStreamAsync(host);
            _ = ReadEventsAsync(stream, events, clock);
            clients.Add((stream, events));
        }

        try
        {
            // Each change waits until every client has shown it, so no client may skip one for being slower.
            for (var i = 1; i <= 5; i++)
            {
                host.Feed.Feed(s.After(TimeSpan.FromSeconds(1)).Login("a" + i).Lines.Skip(i).ToList());
                var agents = i + 1;
                var waited = Stopwatch.StartNew();
                while (!clients.All(c => Snapshot(c.Events).Any(e => AgentCount(e.Data) == agents)))
                {
                    // Bounded per change, generously: the suite runs end-to-end servers beside this on two cores.
                    waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "every client gets each picture");
                    await Task.Delay(20);
                }
            }

            // The picture, without the fields each client's answer stamps with its own wall time (generatedAt, ages).
            var pictures = clients.Select(c => Snapshot(c.Events).Select(e => Picture(e.Data)).ToList()).ToList();
            pictures[0].Select(p => p.Agents).Should().Equal(1, 2, 3, 4, 5, 6);
            pictures[1].Should().Equal(pictures[0], "every client gets the same pictures");
            pictures[2].Should().Equal(pictures[0], "every client gets the same pictures");
        }
        finally
        {
            clients.ForEach(c => c.Stream.Dispose());
        }

        static (long Version, int Agents, string Content) Picture(string data)
        {
            using var picture = JsonDocument.Parse(data);
            var root = picture.RootElement;
            return (root.GetProperty("version").GetInt64(), root.GetProperty("agents").GetArrayLength(),
                root.GetProperty("tenants").GetRawText() + root.GetProperty("agents").GetRawText() + root.GetProperty("eventTime").GetRawText());
        }

        static int AgentCount(string data)
        {
            using var picture = JsonDocument.Parse(data);
            return picture.RootElement.GetProperty("agents").GetArrayLength();
        }
    }

    [Fact]
    public async Task A_client_that_never_reads_blocks_neither_the_live_view_nor_other_clients()
    {
        await using var host = await LiveHost.StartAsync(new LiveOptions { StreamInterval = TimeSpan.FromMilliseconds(50), PublishInterval = TimeSpan.Zero });
        using var stuck = new TcpClient();
        await stuck.ConnectAsync(host.Address.Host, host.Address.Port);
        stuck.ReceiveBufferSize = 1024;
        await stuck.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /api/v1/live/stream HTTP/1.1\r\nHost: {host.Address.Authority}\r\n\r\n"));

        // Many large pictures while that client reads nothing.
        var s = Scenario.Create().At("09:00");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 400; i++)
        {
            s.After(TimeSpan.FromSeconds(1)).Login("agent-with-a-long-name-" + i, team: "team-" + (i % 7));
        }

        for (var i = 0; i < 40; i++)
        {
            host.Feed.Feed(s.Lines.Skip(i * 10).Take(10));
            await Task.Delay(60);
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "feeding never waits on a reader");
        host.Feed.View.Current.Agents.Should().HaveCount(400);
        var answer = Stopwatch.StartNew();
        using var other = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/live"));
        answer.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        other.RootElement.GetProperty("agents").GetArrayLength().Should().Be(400);
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments_and_no_data()
    {
        await using var host = await LiveHost.StartAsync(new LiveOptions { StreamInterval = TimeSpan.FromMilliseconds(100), HeartbeatInterval = TimeSpan.FromMilliseconds(400) });
        using var stream = await OpenStreamAsync(host);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (lines.Count(l => l == ": heartbeat") < 2 && await reader.ReadLineAsync(enough.Token) is { } line)
        {
            lines.Add(line);
        }

        lines.Count(l => l.StartsWith("data: ", StringComparison.Ordinal)).Should().Be(1, "only the picture on connect");
        lines.Count(l => l == ": heartbeat").Should().Be(2);
    }

    [Fact]
    public async Task The_wallboard_and_its_config_are_served()
    {
        await using var host = await LiveHost.StartAsync();

        var page = await host.Client.GetStringAsync("/");
        var script = await host.Client.GetStringAsync("/wallboard.js");
        using var config = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/wallboard/config"));

        page.Should().Contain("wallboard.js");
        script.Should().Contain("EventSource");
        foreach (var module in new[] { "format.js", "figures.js", "history.js", "layout.js", "tiles.js" })
        {
            script.Should().Contain($"'./{module}'");
            using var served = await host.Client.GetAsync("/" + module);
            served.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript", "browsers load modules only with a JavaScript type");
        }

        config.RootElement.GetProperty("occupancyRedAbove").GetDouble().Should().Be(0.90);
        config.RootElement.GetProperty("staleAfterSeconds").GetDouble().Should().Be(30);
        config.RootElement.GetProperty("rotateEverySeconds").GetDouble().Should().Be(10);
    }

    private static async Task<Stream> OpenStreamAsync(LiveHost host)
    {
        var response = await host.Client.GetAsync("/api/v1/live/stream", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        return await response.Content.ReadAsStreamAsync();
    }

    private static async Task ReadEventsAsync(Stream stream, List<(TimeSpan At, string Data)> events, Stopwatch clock)
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    lock (events)
                    {
                        events.Add((clock.Elapsed, line["data: ".Length..]));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private static List<(TimeSpan At, string Data)> Snapshot(List<(TimeSpan At, string Data)> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
