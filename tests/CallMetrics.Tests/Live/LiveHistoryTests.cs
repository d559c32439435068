using System.Globalization;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Live;

namespace CallMetrics.Tests.Live;

public sealed class LiveHistoryTests
{
    private const long MinuteNs = 60_000_000_000;
    private const long HourNs = 60 * MinuteNs;

    [Fact]
    public void The_history_holds_replays_rolling_lines_at_every_step_instant_of_the_last_hour()
    {
        var center = RandomCallCenter.Generate(seed: 21, agents: 14, calls: 160);
        var feed = new LiveFeed();
        feed.Feed(center.Lines, batchSize: 400); // a backlog: many step instants pass within one batch
        var history = feed.History.Read(default);
        var replay = Replayer.Run(center.Lines, LiveFeed.Options);
        var to = Rfc3339Ns(history.To!);
        var kept = (Func<MetricLine, bool>)(l => l.Timestamp > to - HourNs && l.Timestamp <= to);

        (history.RollingWindow, history.Step, history.Span).Should().Be(("15m", "1m", "1h"));
        history.From.Should().Be(Rfc3339.Format(to - HourNs));
        to.Should().Be(feed.View.Current.RollingAt, "the newest point is the live picture's rolling window");
        var queueLines = replay.All("queue_metrics", "rolling").Where(kept).ToList();
        queueLines.Should().HaveCountGreaterThan(100);
        history.Queues.SelectMany(q => q.Points.Select(p => (q.Queue, p.At))).Should().BeEquivalentTo(
            queueLines.Select(l => (l.Tag("queue"), Rfc3339.Format(l.Timestamp))), "one point per queue line of the hour");
        foreach (var line in queueLines)
        {
            var point = history.Queues.Single(q => q.Queue == line.Tag("queue")).Points.Single(p => p.At == Rfc3339.Format(line.Timestamp));
            point.Figures.Offered.Should().Be((int)line.Number("offered"));
            point.Figures.Abandoned.Should().Be((int)line.Number("abandoned"));
            Same(point.Figures.ServiceLevel, line, "service_level");
            Same(point.Figures.AhtSeconds, line, "aht_s");
        }

        var teamLines = replay.All("team_metrics", "rolling").Where(kept).ToList();
        teamLines.Should().NotBeEmpty();
        history.Teams.Sum(t => t.Points.Count).Should().Be(teamLines.Count);
        foreach (var line in teamLines)
        {
            var point = history.Teams.Single(t => t.Team == line.Tag("team")).Points.Single(p => p.At == Rfc3339.Format(line.Timestamp));
            point.Figures.Handled.Should().Be((int)line.Number("handled"));
            Same(point.Figures.Occupancy, line, "occupancy");
        }

        foreach (var series in history.Queues.Select(q => q.Points.Select(p => p.At)).Concat(history.Teams.Select(t => t.Points.Select(p => p.At))))
        {
            series.Should().BeInAscendingOrder(StringComparer.Ordinal);
        }
    }

    [Fact]
    public void Before_the_first_rolling_window_the_history_is_empty()
    {
        var feed = new LiveFeed();
        feed.Feed(Scenario.Create().At("09:00:10").Login("a1", team: "blue").At("09:00:20").Login("a2").Lines);

        var history = feed.History.Read(default);

        (history.From, history.To, history.RollingWindow).Should().Be(((string?)null, (string?)null, (string?)null));
        history.Queues.Should().BeEmpty();
        history.Teams.Should().BeEmpty();
    }

    [Fact]
    public void The_filters_select_tenant_queue_and_team_as_in_the_live_picture()
    {
        var s = Scenario.Create().At("09:00")
            .Login("a1", team: "blue", tenant: "acme").Login("b1", team: "blue", tenant: "globex")
            .Arrived("c1", tenant: "acme").Queued("c1", "sales", tenant: "acme")
            .Arrived("c2", tenant: "acme").Queued("c2", "support", tenant: "acme")
            .Arrived("c3", tenant: "globex").Queued("c3", "sales", tenant: "globex")
            .At("09:03").State("a1", "available", tenant: "acme");
        var feed = new LiveFeed();
        feed.Feed(s.Lines);

        var acme = feed.History.Read(new LiveFilter("acme", null, null));
        var sales = feed.History.Read(new LiveFilter(null, "sales", "red"));

        acme.Queues.Select(q => q.Queue).Should().Equal("sales", "support");
        acme.Queues.Should().OnlyContain(q => q.Points.Count == 3, "09:01, 09:02 and 09:03");
        acme.Teams.Select(t => (t.Tenant, t.Team)).Should().Equal(("acme", "blue"));
        sales.Queues.Select(q => (q.Tenant, q.Queue)).Should().Equal(("acme", "sales"), ("globex", "sales"));
        sales.Teams.Should().BeEmpty();
    }

    [Fact]
    public void Points_older_than_the_span_are_dropped_and_so_is_a_series_without_points()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .Arrived("c1").Queued("c1", "sales").At("09:00:30").Ended("c1")
            .At("10:30").Login("a2", team: "red").At("10:31:30").State("a2", "available");
        var feed = new LiveFeed();
        feed.Feed(s.Lines);

        var history = feed.History.Read(default);

        history.To.Should().Be("2026-11-22T10:31:00Z");
        history.Queues.Should().BeEmpty("sales had its last point more than an hour ago");
        history.Teams.SelectMany(t => t.Points).Should().OnlyContain(p => string.CompareOrdinal(p.At, "2026-11-22T09:31:00Z") > 0);
    }

    private static long Rfc3339Ns(string at) =>
        (DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static void Same(double? value, MetricLine line, string field)
    {
        if (line.Has(field))
        {
            value.Should().NotBeNull(field);
            value!.Value.Should().BeApproximately(line.Number(field), 1e-6, field);
        }
        else
        {
            value.Should().BeNull(field);
        }
    }
}
