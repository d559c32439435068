using System.Text.Json;
using CallMetrics.Core.Events;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Live;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Live;

public sealed class LiveViewTests
{
    private const long MinuteNs = 60_000_000_000;

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Rolling_figures_equal_replays_rolling_lines_at_the_last_step_instant(int seed)
    {
        var (lines, last) = FirstPart(RandomCallCenter.Generate(seed, agents: 12, calls: 80));
        var feed = new LiveFeed();
        var picture = feed.Feed(lines);
        var replay = Replayer.Run(lines, LiveFeed.Options);
        var at = last / MinuteNs * MinuteNs;

        picture.RollingAt.Should().Be(at);
        var agentLines = replay.All("agent_metrics", "rolling").Where(l => l.Timestamp == at).GroupBy(l => l.Tag("agent")!).ToList();
        agentLines.Should().NotBeEmpty();
        picture.Agents.Where(a => a.Rolling is not null).Select(a => a.Agent).Should().BeEquivalentTo(agentLines.Select(g => g.Key));
        foreach (var group in agentLines.Where(g => g.Count() == 1))
        {
            var line = group.Single();
            var live = picture.Agents.Single(a => a.Agent == group.Key).Rolling!;
            SameFigures(live, line, group.Key);
        }

        var teamLines = replay.All("team_metrics", "rolling").Where(l => l.Timestamp == at).ToList();
        picture.Teams.Where(t => t.Rolling is not null).Select(t => t.Team).Should().BeEquivalentTo(teamLines.Select(l => l.Tag("team")));
        foreach (var line in teamLines)
        {
            SameFigures(picture.Teams.Single(t => t.Team == line.Tag("team")).Rolling!, line, line.Tag("team")!);
        }

        var queueLines = replay.All("queue_metrics", "rolling").Where(l => l.Timestamp == at).ToList();
        queueLines.Should().NotBeEmpty();
        picture.Queues.Where(q => q.Rolling is not null).Select(q => q.Queue).Should().BeEquivalentTo(queueLines.Select(l => l.Tag("queue")));
        foreach (var line in queueLines)
        {
            var live = picture.Queues.Single(q => q.Queue == line.Tag("queue")).Rolling!;
            live.Offered.Should().Be((int)line.Number("offered"));
            live.Answered.Should().Be((int)line.Number("answered"));
            live.Abandoned.Should().Be((int)line.Number("abandoned"));
            Same(live.ServiceLevel, line, "service_level");
            Same(live.AsaSeconds, line, "asa_s");
            Same(live.AhtSeconds, line, "aht_s");
            Same(live.AbandonRate, line, "abandon_rate");
        }

        var tenantLine = replay.All("tenant_metrics", "rolling").Single(l => l.Timestamp == at);
        SameFigures(picture.Tenants.Single().AgentsRolling!, tenantLine, "tenant");
    }

    [Fact]
    public void Today_counts_equal_the_sum_of_replays_interval_lines_of_the_day()
    {
        var (lines, _) = FirstPart(RandomCallCenter.Generate(5, agents: 12, calls: 80));
        var picture = new LiveFeed().Feed(lines);
        var replay = Replayer.Run(lines, LiveFeed.Options);

        foreach (var queue in replay.All("queue_metrics").GroupBy(l => l.Tag("queue")!))
        {
            var today = picture.Queues.Single(q => q.Queue == queue.Key).Today;
            today.Offered.Should().Be((int)queue.Sum(l => l.Number("offered")), queue.Key);
            today.Answered.Should().Be((int)queue.Sum(l => l.Number("answered")), queue.Key);
            today.Abandoned.Should().Be((int)queue.Sum(l => l.Number("abandoned")), queue.Key);
        }

        foreach (var team in replay.All("team_metrics").GroupBy(l => l.Tag("team")!))
        {
            picture.Teams.Single(t => t.Team == team.Key).Today.Handled.Should().Be((int)team.Sum(l => l.Number("handled")), team.Key);
        }
    }

    [Fact]
    public void Waiting_calls_agent_states_and_abandons_follow_the_latest_event()
    {
        var s = Scenario.Create().At("09:00")
            .Login("a1", team: "blue").Login("a2", team: "blue")
            .Arrived("c1").Queued("c1", "sales")
            .At("09:00:30").Arrived("c2").Queued("c2", "sales")
            .At("09:01").Answered("c1", "a1")
            .At("09:01:10").Arrived("c3").Queued("c3", "support")
            .At("09:01:40").Ended("c3")
            .At("09:02").State("a2", "not_ready", reason: "break");
        var feed = new LiveFeed();
        feed.Feed(s.Lines);
        var live = feed.Response();

        live.EventTime.Should().Be("2026-11-22T09:02:00Z");
        var sales = live.Queues.Single(q => q.Queue == "sales");
        sales.Waiting.Should().Be(1);
        sales.LongestWaitSeconds.Should().Be(90);
        sales.Today.Offered.Should().Be(2);
        sales.Today.Answered.Should().Be(1);
        live.Queues.Single(q => q.Queue == "support").Today.Abandoned.Should().Be(1);
        live.Abandons.Should().ContainSingle().Which.Should().Be(new LiveAbandon("default", "c3", "support", "2026-11-22T09:01:40Z", 30, false));
        var a1 = live.Agents.Single(a => a.Agent == "a1");
        (a1.State, a1.Activity, a1.Since, a1.InStateSeconds).Should().Be(("busy", "talk", "2026-11-22T09:01:00Z", 60.0));
        var a2 = live.Agents.Single(a => a.Agent == "a2");
        (a2.State, a2.Reason).Should().Be(("not_ready", "break"));
        live.Teams.Single().Agents.Should().Be(new StateCounts(2, 1, 0, 1));
        live.Tenants.Single().Waiting.Should().Be(1);
    }

    [Fact]
    public void An_agent_who_is_not_busy_is_in_the_activity_as_long_as_in_the_state()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .At("09:02").State("a1", "not_ready", reason: "break")
            .At("09:02:30").Login("a2", team: "blue");
        var feed = new LiveFeed();
        feed.Feed(s.Lines);

        var a1 = feed.Response().Agents.Single(a => a.Agent == "a1");

        (a1.ActivitySince, a1.InActivitySeconds).Should().Be(("2026-11-22T09:02:00Z", 30.0));
        (a1.Since, a1.InStateSeconds).Should().Be((a1.ActivitySince, a1.InActivitySeconds));
    }

    [Fact]
    public void A_busy_agents_activity_starts_at_its_last_change_not_at_the_answer()
    {
        var s = Scenario.Create().At("09:00").Login("a1").Login("a2")
            .Arrived("c1").Queued("c1", "sales").Arrived("c2").Queued("c2", "sales")
            .At("09:01").Answered("c1", "a1").Answered("c2", "a2")
            .At("09:03").Held("c1", "a1")
            .At("09:04").Ended("c2", "a2")
            .At("09:04:33").Arrived("c3");
        var feed = new LiveFeed();
        feed.Feed(s.Lines);
        var agents = feed.Response().Agents;

        var held = agents.Single(a => a.Agent == "a1");
        (held.Activity, held.Since, held.ActivitySince, held.InActivitySeconds).Should().Be(("hold", "2026-11-22T09:01:00Z", "2026-11-22T09:03:00Z", 93.0));
        var wrapping = agents.Single(a => a.Agent == "a2");
        (wrapping.Activity, wrapping.ActivitySince, wrapping.InActivitySeconds).Should().Be(("wrap", "2026-11-22T09:04:00Z", 33.0));
    }

    [Fact]
    public void Wall_time_lag_and_data_age_come_from_the_injected_clock()
    {
        var feed = new LiveFeed();
        feed.Feed(Scenario.Create().At("11:59:00").Login("a1", team: "blue").Lines);
        feed.Time.Advance(TimeSpan.FromSeconds(5));

        var live = feed.Response();

        live.WatermarkLagSeconds.Should().Be(65); // wall 12:00:05, event time 11:59:00
        live.DataAgeSeconds.Should().Be(5);
        live.Today.Should().Be("2026-11-22");
    }

    [Fact]
    public void An_event_older_than_the_latest_is_dropped_from_the_live_view_only()
    {
        var s = Scenario.Create().At("09:00:10").Login("a1").At("09:00:00").Login("a2");
        var feed = new LiveFeed();
        var picture = feed.Feed(s.Lines);

        feed.View.Dropped.Should().Be(1);
        picture.Agents.Select(a => a.Agent).Should().Equal("a1");
    }

    [Fact]
    public void A_failure_inside_the_live_view_is_counted_and_never_thrown_into_the_shard()
    {
        var feed = new LiveFeed();
        var e = default(CanonicalEvent);

        var apply = () => feed.View.OnBatch(0, [e], [-1]);

        apply.Should().NotThrow();
        feed.View.Failures.Should().Be(1);
    }

    [Fact]
    public void Pictures_are_published_at_most_every_publish_interval_and_on_an_idle_tick()
    {
        var feed = new LiveFeed(new LiveOptions { PublishInterval = TimeSpan.FromSeconds(1) });
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:00:05").Login("a2").Lines;
        feed.View.OnBatch(0, [], []);
        FeedOne(feed, lines[0]);
        var first = feed.View.Current.Version;

        FeedOne(feed, lines[1]);
        feed.View.Current.Version.Should().Be(first, "within the publish interval nothing new is published");
        feed.View.OnBatch(0, [], []);
        feed.View.Current.Version.Should().BeGreaterThan(first, "an idle tick publishes what is pending");
        feed.View.Current.Agents.Should().HaveCount(2);
    }

    [Fact]
    public void The_version_stays_when_a_partition_goes_idle_and_releases_nothing()
    {
        var feed = new LiveFeed();
        feed.Feed(Scenario.Create().At("09:00").Login("a1").At("09:00:05").Login("a2").Lines);
        var before = feed.Response();

        // The decode stage marks a caught-up partition idle, then sends an idle tick.
        feed.View.OnSourceChanges(0, [(0, SourceChange.Idle)]);
        feed.View.OnBatch(0, [], []);

        var after = feed.Response();
        after.Version.Should().Be(before.Version, "an idle mark that moves no watermark changes nothing on the board");
        after.Agents.Should().BeEquivalentTo(before.Agents);
    }

    [Fact]
    public void The_version_stays_when_a_batch_holds_only_redelivered_events()
    {
        var feed = new LiveFeed();
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:00:05").Login("a2").At("09:00:10").Login("a3").Lines;
        feed.Feed(lines);
        var before = feed.Response();
        feed.Time.Advance(TimeSpan.FromSeconds(7));

        // Kafka is at-least-once: after a rebalance the same records come again.
        feed.Feed(lines);

        var after = feed.Response();
        after.Version.Should().Be(before.Version, "duplicates are ignored, so the picture is the same");
        after.DataAgeSeconds.Should().Be(7, "the data did not get newer either");
    }

    [Fact]
    public void The_version_grows_when_an_idle_partition_lets_held_events_through()
    {
        var feed = new LiveFeed();
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:00:10").Login("a2").At("09:00:20").Login("a3").Lines;
        FeedOne(feed, lines[0], source: 0);
        FeedOne(feed, lines[1], source: 1);
        FeedOne(feed, lines[2], source: 1);
        feed.View.Flush();
        var before = feed.Response();
        before.Agents.Select(a => a.Agent).Should().Equal(["a1"], "partition 0 holds the watermark at 09:00");

        // Partition 0 goes quiet: the watermark moves to partition 1's time and a2's login is applied (a3's, exactly at
        // the watermark, waits: with several partitions an event at the watermark may still come from another).
        feed.View.OnSourceChanges(0, [(0, SourceChange.Idle)]);
        feed.View.OnBatch(0, [], []);

        var after = feed.Response();
        after.Version.Should().BeGreaterThan(before.Version);
        after.Agents.Select(a => a.Agent).Should().Equal("a1", "a2");
    }

    [Fact]
    public void Filters_select_tenant_queue_and_team()
    {
        var s = Scenario.Create().At("09:00")
            .Login("a1", team: "blue", tenant: "acme").Login("a2", team: "red", tenant: "acme").Login("b1", team: "blue", tenant: "globex")
            .Arrived("c1", tenant: "acme").Queued("c1", "sales", tenant: "acme")
            .Arrived("c2", tenant: "acme").Queued("c2", "support", tenant: "acme")
            .Arrived("c3", tenant: "globex").Queued("c3", "sales", tenant: "globex")
            .At("09:01").State("a1", "available", tenant: "acme");
        var feed = new LiveFeed();
        feed.Feed(s.Lines);

        var acme = feed.Response(tenant: "acme");
        acme.Tenants.Select(t => t.Tenant).Should().Equal("acme");
        acme.Queues.Select(q => q.Queue).Should().Equal("sales", "support");
        acme.Agents.Select(a => a.Agent).Should().Equal("a1", "a2");

        var sales = feed.Response(queue: "sales");
        sales.Queues.Select(q => (q.Tenant, q.Queue)).Should().Equal(("acme", "sales"), ("globex", "sales"));
        sales.Agents.Should().HaveCount(3, "the queue filter leaves agents alone");

        var blue = feed.Response(tenant: "acme", team: "blue");
        blue.Teams.Select(t => t.Team).Should().Equal("blue");
        blue.Agents.Select(a => a.Agent).Should().Equal("a1");
    }

    [Fact]
    public void Pictures_of_several_shards_are_merged_by_tenant()
    {
        var feed = new LiveFeed(shards: 2);
        feed.Feed(Scenario.Create().At("09:00").Login("a1", team: "blue", tenant: "acme").At("09:00:10").Login("a2", tenant: "acme").Lines, shard: 0);
        feed.Feed(Scenario.Create().At("09:05").Login("b1", team: "red", tenant: "globex").At("09:05:10").Arrived("c1", tenant: "globex").Queued("c1", "sales", tenant: "globex").At("09:05:20").Login("b2", tenant: "globex").Lines, shard: 1);

        var live = feed.Response();

        live.Tenants.Select(t => t.Tenant).Should().Equal("acme", "globex");
        live.Agents.Select(a => a.Agent).Should().Equal("a1", "a2", "b1", "b2");
        live.Queues.Should().ContainSingle().Which.Waiting.Should().Be(1);
        live.EventTime.Should().Be("2026-11-22T09:05:20Z", "the latest of the shards");
        live.Version.Should().Be(feed.View.Current.Version);
    }

    [Fact]
    public void The_answer_serializes_with_camel_case_keys_and_null_ratios()
    {
        var feed = new LiveFeed();
        feed.Feed(Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:00:30").Arrived("c1").Queued("c1", "sales").At("09:00:31").Login("a2").Lines);

        var json = JsonSerializer.Serialize(feed.Response(), LiveJsonContext.Default.LiveResponse);
        using var doc = JsonDocument.Parse(json);
        var queue = doc.RootElement.GetProperty("queues")[0];

        queue.GetProperty("waiting").GetInt32().Should().Be(1);
        queue.GetProperty("today").GetProperty("serviceLevel").ValueKind.Should().Be(JsonValueKind.Null);
        doc.RootElement.GetProperty("watermarkLagSeconds").ValueKind.Should().Be(JsonValueKind.Number);
    }

    private static void FeedOne(LiveFeed feed, string line, int source = 0)
    {
        var decoder = new CallMetrics.Core.Decoding.EventDecoder(feed.Symbols);
        decoder.Decode(System.Text.Encoding.UTF8.GetBytes(line), out var e);
        feed.View.OnBatch(0, [e], [source]);
    }

    /// <summary>The events before about 70 % of the time span (so some windows are mid-way), and the last one's time.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    public void The_p90_handle_time_of_each_queue_and_team_equals_replays_at_the_last_step_instant(int seed)
    {
        var (lines, last) = FirstPart(RandomCallCenter.Generate(seed, agents: 12, calls: 80));
        var picture = new LiveFeed().Feed(lines);
        var replay = Replayer.Run(lines, LiveFeed.Options);
        var at = last / MinuteNs * MinuteNs;

        // METRICS handle_p90_s: nearest rank over the window's handled legs; the live figure is the same over the rolling window.
        var queueLines = replay.All("queue_metrics", "rolling").Where(l => l.Timestamp == at && l.Has("handle_p90_s")).ToList();
        queueLines.Should().NotBeEmpty();
        foreach (var line in queueLines)
        {
            picture.QueueKpis[(line.Tag("tenant")!, line.Tag("queue")!)].Rolling.HandleP90Seconds.Should().Be(line.Number("handle_p90_s"), line.Tag("queue"));
        }

        var teamLines = replay.All("team_metrics", "rolling").Where(l => l.Timestamp == at && l.Has("handle_p90_s")).ToList();
        teamLines.Should().NotBeEmpty();
        foreach (var line in teamLines)
        {
            picture.TeamKpis[(line.Tag("tenant")!, line.Tag("team")!)].Rolling.HandleP90Seconds.Should().Be(line.Number("handle_p90_s"), line.Tag("team"));
        }

        // Today: the legs handled so far today, pooled over the day's intervals.
        var today = Replayer.Run(lines, LiveFeed.Options with { Interval = TimeSpan.FromDays(1), Rolling = null });
        var todayLines = today.All("queue_metrics", "interval").Where(l => l.Has("handle_p90_s")).ToList();
        todayLines.Should().NotBeEmpty();
        foreach (var line in todayLines)
        {
            picture.QueueKpis[(line.Tag("tenant")!, line.Tag("queue")!)].Today.HandleP90Seconds.Should().Be(line.Number("handle_p90_s"), line.Tag("queue"));
        }
    }

    private static (IReadOnlyList<string> Lines, long Last) FirstPart(RandomCallCenter center)
    {
        var cut = center.Times[0] + ((center.Times[^1] - center.Times[0]) * 7 / 10);
        var count = center.Times.TakeWhile(t => t < cut).Count();
        return ([.. center.Lines.Take(count)], center.Times[count - 1] * 1_000_000);
    }

    private static void SameFigures(AgentFigures live, MetricLine line, string because)
    {
        live.Handled.Should().Be((int)line.Number("handled"), because);
        live.BusySeconds.Should().BeApproximately(line.Number("busy_s"), 1e-6, because);
        live.AvailableSeconds.Should().BeApproximately(line.Number("available_s"), 1e-6, because);
        Same(live.Occupancy, line, "occupancy");
        Same(live.Utilization, line, "utilization");
        Same(live.AhtSeconds, line, "aht_s");
        Same(live.Csat, line, "csat");
    }

    private static void Same(double? live, MetricLine line, string field)
    {
        if (line.Has(field))
        {
            live.Should().NotBeNull(field);
            live!.Value.Should().BeApproximately(line.Number(field), 1e-6, field);
        }
        else
        {
            live.Should().BeNull(field);
        }
    }
}
