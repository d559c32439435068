using System.Diagnostics;
using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>
/// Timestamps far ahead without a wall clock (replay's opt-in, docs/DECISIONS.md "Clock skew"): an event more than
/// the max future skew ahead of event time is rejected as too far ahead and moves nothing. The service's wall-clock
/// guards are in <see cref="WallClockGuardTests"/>.
/// </summary>
public sealed class FutureSkewTests
{
    private readonly EventDecoder _decoder = new(new SymbolTable());

    [Fact]
    public void The_engine_has_no_guard_by_default_and_the_services_defaults_are_5_minutes_ahead_and_7_days_behind()
    {
        // A sorted file with a long gap must replay as the sorted input (METRICS.md); the live service guards.
        new MetricsOptions().MaxFutureSkew.Should().BeNull();
        new MetricsOptions().MaxEventAge.Should().BeNull();
        MetricsDefaults.MaxFutureSkew.Should().Be(TimeSpan.FromMinutes(5));
        MetricsDefaults.MaxEventAge.Should().Be(TimeSpan.FromDays(7));
    }

    [Fact]
    public void An_event_more_than_the_skew_ahead_of_the_latest_event_is_rejected_as_too_far_ahead_and_moves_nothing()
    {
        var engine = Engine(TimeSpan.FromDays(1));
        var s = Scenario.Create().At("09:00").Login("a1").At("09:05").State("a1", "not_ready");
        engine.Accept(Decode(s.Lines[0]));

        engine.Accept(At(s.Lines[1], "2027-11-22T09:05:00Z")).Should().Be(AcceptResult.TooFarAhead);

        engine.Counters.TooFarAhead.Should().Be(1);
        engine.Counters.Accepted.Should().Be(1);
        engine.MaxTimestamp.Should().Be(s.Nanos("09:00"));
        engine.Watermark.Should().Be(s.Nanos("08:59"));
        engine.Accept(Decode(s.Lines[1])).Should().Be(AcceptResult.Accepted, "the producers with good clocks are not made late");
    }

    [Fact]
    public void An_event_exactly_the_skew_ahead_is_accepted_and_one_nanosecond_more_is_not()
    {
        var engine = Engine(TimeSpan.FromDays(1));
        var s = Scenario.Create().At("09:00").Login("a1").Login("a2").Login("a3");
        engine.Accept(Decode(s.Lines[0]));

        engine.Accept(At(s.Lines[1], "2026-11-23T09:00:00.000000001Z")).Should().Be(AcceptResult.TooFarAhead);
        engine.Accept(At(s.Lines[2], "2026-11-23T09:00:00Z")).Should().Be(AcceptResult.Accepted);
    }

    [Fact]
    public void The_limit_follows_event_time()
    {
        var engine = Engine(TimeSpan.FromHours(1));
        var s = Scenario.Create().At("09:00").Login("a1").At("09:50").Login("a2").At("10:40").Login("a3");

        foreach (var line in s.Lines)
        {
            engine.Accept(Decode(line)).Should().Be(AcceptResult.Accepted);
        }

        engine.FutureLimit.Should().Be(s.Nanos("11:40"));
    }

    [Fact]
    public void The_first_event_has_nothing_to_be_ahead_of_and_is_accepted()
    {
        var engine = Engine(TimeSpan.FromDays(1));

        engine.FutureLimit.Should().Be(long.MaxValue);
        engine.Accept(At(Scenario.Create().At("09:00").Login("a1").Lines[0], "2261-01-01T00:00:00Z")).Should().Be(AcceptResult.Accepted);
    }

    [Fact]
    public void Without_a_limit_any_time_is_accepted()
    {
        var engine = Engine(null);
        var s = Scenario.Create().At("09:00").Login("a1").Logout("a1");
        engine.Accept(Decode(s.Lines[0]));

        engine.Accept(At(s.Lines[1], "2261-01-01T00:00:00Z")).Should().Be(AcceptResult.Accepted);
    }

    [Fact]
    public void One_skewed_producer_on_one_source_does_not_make_the_other_sources_events_late()
    {
        var engine = Engine(TimeSpan.FromDays(1));
        engine.RegisterSource(0);
        engine.RegisterSource(1);
        var s = Scenario.Create().At("09:00").Login("a1").Login("a2").At("09:10").Logout("a1").Logout("a2");
        engine.Accept(Decode(s.Lines[0]), source: 0);
        engine.Accept(Decode(s.Lines[1]), source: 1);

        engine.Accept(At(s.Lines[3], "2030-01-01T00:00:00Z"), source: 1).Should().Be(AcceptResult.TooFarAhead);
        engine.SetSourceIdle(1, idle: true); // even when the skewed one's partition goes quiet

        engine.Accept(Decode(s.Lines[2]), source: 0).Should().Be(AcceptResult.Accepted);
        engine.Accept(Decode(s.Lines[3]), source: 1).Should().Be(AcceptResult.Accepted);
        engine.Counters.Late.Should().Be(0);
    }

    [Fact]
    public void Before_the_engine_has_a_watermark_an_event_older_than_its_own_sources_watermark_is_late()
    {
        var engine = Engine(TimeSpan.FromDays(1));
        engine.RegisterSource(0);
        engine.RegisterSource(1); // has not delivered: no engine watermark yet
        var s = Scenario.Create().At("09:00").Login("a1").Login("a2").Login("a3");
        engine.Accept(Decode(s.Lines[0]), source: 0);

        engine.Accept(At(s.Lines[1], "2016-11-22T09:00:00Z"), source: 0).Should().Be(AcceptResult.Late, "METRICS \"Partitioned input\": the source's own order");
        engine.DescribeRejection(AcceptResult.Late, s.Nanos("09:00") - 1).Should().Be("late: ts 2026-11-22T08:59:59.999999999Z is before the watermark 2026-11-22T08:59:00Z");
        engine.Accept(At(s.Lines[2], "2016-11-22T09:00:00Z"), source: 1).Should().Be(AcceptResult.Accepted, "the other source has no watermark yet");
        engine.Watermark.Should().Be(TimeMath.Nanos(new DateTimeOffset(2016, 11, 22, 8, 59, 0, TimeSpan.Zero) - DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_rejection_is_described_for_the_dead_letter()
    {
        var engine = Engine(TimeSpan.FromDays(1));
        var s = Scenario.Create().At("09:00").Login("a1").At("09:05").Login("a2");
        engine.Accept(Decode(s.Lines[1]));

        engine.DescribeRejection(AcceptResult.TooFarAhead, s.Nanos("09:00") + TimeMath.Nanos(TimeSpan.FromDays(2)))
            .Should().Be("too_far_ahead: ts 2026-11-24T09:00:00Z is after 2026-11-23T09:05:00Z, more than the max future skew (1d) ahead of event time");
        engine.Accept(Decode(s.Lines[0])).Should().Be(AcceptResult.Late);
        engine.DescribeRejection(AcceptResult.Late, s.Nanos("09:00")).Should().Be("late: ts 2026-11-22T09:00:00Z is before the watermark 2026-11-22T09:04:00Z");
    }

    [Fact]
    public void A_far_future_event_beside_a_logged_in_agent_is_rejected_at_once_instead_of_closing_centuries_of_windows()
    {
        var windows = new CountingSink();
        var engine = new MetricsEngine(new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), MaxFutureSkew = MetricsDefaults.MaxFutureSkew }, windows);
        var s = Scenario.Create().At("09:00").Login("a1").At("09:01").Logout("a2");
        engine.Accept(Decode(s.Lines[0]));
        var clock = Stopwatch.StartNew();

        engine.Accept(At(s.Lines[1], "2261-01-01T00:00:00Z")).Should().Be(AcceptResult.TooFarAhead);
        engine.Complete();

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        windows.Count.Should().BeLessThan(100);
    }

    [Fact]
    public void A_replay_rejects_the_far_future_line_with_reason_too_far_ahead_and_keeps_the_rest()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:10").Logout("a1");

        var replayer = Replayer.Run([s.Lines[0], WithTs(s.Lines[1], "2099-01-01T00:00:00Z"), s.Lines[1]], new MetricsOptions { MaxFutureSkew = TimeSpan.FromDays(7) });

        replayer.Rejected.Should().Equal((2, "too_far_ahead"));
        replayer.Single("agent_metrics").Number("logged_in_s").Should().Be(600);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0.5)]
    [InlineData(400 * 86400)]
    public void A_max_future_skew_that_is_not_a_positive_whole_number_of_seconds_up_to_366_days_is_invalid(double seconds)
    {
        new MetricsOptions { MaxFutureSkew = TimeSpan.FromSeconds(seconds) }.Validate().Should().ContainSingle().Which.Should().Contain("max-future-skew");
    }

    private static MetricsEngine Engine(TimeSpan? skew, TimeProvider? clock = null) =>
        new(new MetricsOptions { MaxFutureSkew = skew }, new CountingSink(), clock);

    private CanonicalEvent Decode(string line)
    {
        _decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue();
        return e;
    }

    private CanonicalEvent At(string line, string ts) => Decode(WithTs(line, ts));

    private static string WithTs(string line, string ts)
    {
        var start = line.IndexOf("\"ts\":\"", StringComparison.Ordinal) + 6;
        var end = line.IndexOf('"', start);
        return line[..start] + ts + line[end..];
    }

    private sealed class CountingSink : IWindowSink
    {
        public int Count { get; private set; }

        public void OnWindows(IReadOnlyList<WindowResult> windows) => Count += windows.Count;
    }
}
