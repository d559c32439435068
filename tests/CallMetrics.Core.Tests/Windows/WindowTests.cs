using CallMetrics.Core.Options;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Windows;

/// <summary>METRICS.md "Windows and attribution", "Fields" and the window rules of "Precise rules".</summary>
public sealed class WindowTests
{
    private static readonly MetricsOptions RollingEveryMinute = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    /// <summary>a1 logged in 09:10-09:20; c1 waits 09:13:50-09:14 in sales, talk 09:14-09:17, wrap -09:17:30.</summary>
    private static Scenario CallAcross0915() =>
        Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:13:50").Queued("c1", "sales").At("09:14").Answered("c1", "a1")
            .At("09:17").Ended("c1").At("09:17:30").WrapEnded("c1", "a1").At("09:20").Logout("a1");

    [Fact]
    public void Call_across_an_interval_boundary_splits_busy_time_for_occupancy()
    {
        // 09:00: talk 09:14-09:15 = 60 busy, available 09:10-09:14 = 240: occupancy 60/300 = 0.2.
        // 09:15: talk 120 + wrap 30 = 150 busy, available 09:17:30-09:20 = 150: occupancy 0.5.
        var s = CallAcross0915();
        var replayer = Replayer.Run(s);
        var first = replayer.Agent("a1", s.Nanos("09:00"));
        var second = replayer.Agent("a1", s.Nanos("09:15"));

        first.Number("talk_s").Should().Be(60);
        first.Number("busy_s").Should().Be(60);
        first.Number("occupancy").Should().Be(0.2);
        second.Number("talk_s").Should().Be(120);
        second.Number("wrap_s").Should().Be(30);
        second.Number("busy_s").Should().Be(150);
        second.Number("occupancy").Should().Be(0.5);
    }

    [Fact]
    public void Call_across_an_interval_boundary_counts_once_whole_for_aht_where_its_wrap_ends()
    {
        // handle 60 + 120 + 30 = 210, all in 09:15; 09:00 has handled 0 and no aht.
        var s = CallAcross0915();
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("handled").Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:00")).Has("aht_s").Should().BeFalse();
        replayer.Agent("a1", s.Nanos("09:15")).Number("handled").Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:15")).Number("aht_s").Should().Be(210);
        replayer.Queue("sales", s.Nanos("09:15")).Number("aht_s").Should().Be(210);
        replayer.Queue("sales", s.Nanos("09:00")).Number("handled").Should().Be(0);
    }

    [Fact]
    public void Boundary_a_wrap_ending_exactly_on_a_boundary_is_handled_in_the_later_window()
    {
        // wrap.ended at 09:15:00: handled in 09:15 (a line with the count only for the count), not in 09:00.
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:12").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:14").Ended("c1").At("09:15").WrapEnded("c1", "a1").At("09:16").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("handled").Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:00")).Number("wrap_s").Should().Be(60);
        replayer.Agent("a1", s.Nanos("09:15")).Number("handled").Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:15")).Number("wrap_s").Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:15")).Number("aht_s").Should().Be(180);
    }

    [Fact]
    public void Boundary_an_answer_exactly_on_a_boundary_counts_in_the_later_window()
    {
        // queued 09:14:50 (offer in 09:00), answered 09:15:00 (answer and wait 10 in 09:15).
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:14:50").Queued("c1", "sales").At("09:15").Answered("c1", "a1")
            .At("09:16").Ended("c1").WrapEnded("c1", "a1").At("09:20").Logout("a1");
        var replayer = Replayer.Run(s);
        var first = replayer.Queue("sales", s.Nanos("09:00"));
        var second = replayer.Queue("sales", s.Nanos("09:15"));

        first.Number("offered").Should().Be(1);
        first.Number("answered").Should().Be(0);
        second.Number("offered").Should().Be(0);
        second.Number("answered").Should().Be(1);
        second.Number("asa_s").Should().Be(10);
    }

    [Fact]
    public void Boundary_an_offer_exactly_on_a_boundary_counts_in_the_later_window()
    {
        var s = Scenario.Create().At("09:15").Queued("c1", "sales").At("09:15:30").Ended("c1");
        var replayer = Replayer.Run(s);

        replayer.HasLine("queue_metrics", "queue", "sales", s.Nanos("09:00")).Should().BeFalse();
        replayer.Queue("sales", s.Nanos("09:15")).Number("offered").Should().Be(1);
    }

    [Fact]
    public void Boundary_an_abandon_exactly_on_a_boundary_counts_in_the_later_window()
    {
        // queued 09:14:30 (offer in 09:00), abandoned 09:15:00 after 30 s (abandon and max_wait in 09:15).
        var s = Scenario.Create().At("09:14:30").Queued("c1", "sales").At("09:15").Ended("c1");
        var replayer = Replayer.Run(s);

        replayer.Queue("sales", s.Nanos("09:00")).Number("abandoned").Should().Be(0);
        replayer.Queue("sales", s.Nanos("09:15")).Number("abandoned").Should().Be(1);
        replayer.Queue("sales", s.Nanos("09:15")).Number("max_wait_s").Should().Be(30);
    }

    [Fact]
    public void Time_is_split_exactly_at_boundaries_so_an_agent_available_across_three_intervals_has_three_lines()
    {
        // 09:10-09:40: 300 in 09:00, 900 in 09:15, 600 in 09:30.
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:40").Logout("a1");
        var lines = Replayer.Run(s).All("agent_metrics");

        lines.Select(l => l.Timestamp).Should().Equal(s.Nanos("09:00"), s.Nanos("09:15"), s.Nanos("09:30"));
        lines.Select(l => l.Number("available_s")).Should().Equal(300, 900, 600);
        lines.Select(l => l.Number("logged_in_s")).Should().Equal(300, 900, 600);
    }

    [Fact]
    public void Intervals_are_aligned_to_the_epoch_not_to_the_first_event()
    {
        var s = Scenario.Create().At("09:07").Login("a1", team: "blue").At("09:12").Logout("a1");

        Replayer.Run(s).Lines.Should().OnlyContain(l => l.Timestamp == s.Nanos("09:00"));
    }

    [Fact]
    public void Lines_are_written_only_for_windows_with_time_or_counts()
    {
        // Logged in 09:00-09:05 and 09:50-09:55: lines at 09:00 and 09:45, nothing at 09:15 or 09:30.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Logout("a1")
            .At("09:50").Login("a1", team: "blue").At("09:55").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Lines.Select(l => l.Timestamp).Distinct().Should().Equal(s.Nanos("09:00"), s.Nanos("09:45"));
    }

    [Fact]
    public void Lines_for_a_key_without_activity_in_a_window_are_not_written()
    {
        // sales has an offer in 09:00 only; a1 is logged in through 09:20: no sales line at 09:15.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:30").Ended("c1")
            .At("09:20").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.HasLine("queue_metrics", "queue", "sales", s.Nanos("09:15")).Should().BeFalse();
        replayer.HasLine("agent_metrics", "agent", "a1", s.Nanos("09:15")).Should().BeTrue();
    }

    [Fact]
    public void Fields_agent_line_writes_zero_non_ratio_fields_and_omits_zero_denominator_ratios()
    {
        // Not ready 600 s, no calls: aht (0 handled), occupancy (0 + 0) and csat (0 surveys) omitted; utilization 0/600 written.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue", state: "not_ready").At("09:10").Logout("a1");
        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Fields.Keys.Should().BeEquivalentTo(
            "handled", "talk_s", "hold_s", "wrap_s", "busy_s", "available_s", "not_ready_s", "logged_in_s", "utilization", "transfers", "surveys",
            "dispositioned", "resolved", "escalated", "sales", "complaints");
        a1.Fields["handled"].Should().Be("0i");
        a1.Fields["transfers"].Should().Be("0i");
        a1.Fields["surveys"].Should().Be("0i");
        a1.Number("hold_s").Should().Be(0);
    }

    [Fact]
    public void Fields_queue_line_with_only_an_offer_omits_every_ratio_and_max_wait()
    {
        // c1 is still waiting at the end of input: offered 1, all other counts 0; no asa, max_wait, SL, abandon rate, aht.
        var s = Scenario.Create().At("09:01").Queued("c1", "sales").At("09:02").Arrived("c2");
        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Fields.Keys.Should().BeEquivalentTo(
            "offered", "answered", "abandoned", "short_abandoned", "handled", "dispositioned", "resolved", "escalated", "sales", "complaints");
        sales.Fields["offered"].Should().Be("1i");
    }

    [Fact]
    public void Fields_tenant_line_has_queue_counts_and_recomputed_ratios_but_no_max_wait()
    {
        // sales: waits 10 (answered) and 30 (abandoned); support: wait 40 answered by a2 (logged out? no: both logged in).
        // tenant: offered 3, answered 2, abandoned 1, asa (10 + 40)/2 = 25, SL 1/3, abandon rate 1/3; no max_wait_s.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "green")
            .At("09:01").Queued("c1", "sales").Queued("c2", "sales").Queued("c3", "support")
            .At("09:01:10").Answered("c1", "a1").At("09:01:30").Ended("c2").At("09:01:40").Answered("c3", "a2")
            .At("09:03").Ended("c1").Ended("c3").At("09:03:30").WrapEnded("c1", "a1").WrapEnded("c3", "a2").At("09:10").Logout("a1").Logout("a2");
        var tenant = Replayer.Run(s).Tenant(s.Nanos("09:00"));

        tenant.Number("offered").Should().Be(3);
        tenant.Number("answered").Should().Be(2);
        tenant.Number("abandoned").Should().Be(1);
        tenant.Number("asa_s").Should().Be(25);
        tenant.Number("service_level").Should().BeApproximately(1.0 / 3, 1e-9);
        tenant.Number("abandon_rate").Should().BeApproximately(1.0 / 3, 1e-9);
        tenant.Has("max_wait_s").Should().BeFalse();
    }

    [Fact]
    public void Team_line_sums_its_agents_and_recomputes_ratios_from_the_sums()
    {
        // a1: busy 150 (talk 120 + wrap 30), available 450. a2: available 600. blue: busy 150, available 1050,
        // occupancy 150/1200 = 0.125, utilization 150/1200, handled 1, aht 150.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");
        var blue = Replayer.Run(s).Team("blue", s.Nanos("09:00"));

        blue.Number("busy_s").Should().Be(150);
        blue.Number("available_s").Should().Be(1050);
        blue.Number("logged_in_s").Should().Be(1200);
        blue.Number("occupancy").Should().Be(0.125);
        blue.Number("utilization").Should().Be(0.125);
        blue.Number("handled").Should().Be(1);
        blue.Number("aht_s").Should().Be(150);
    }

    [Fact]
    public void Tags_of_each_measurement_are_as_specified()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:30").Ended("c1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Agent("a1", t).Tags.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["tenant"] = "default", ["agent"] = "a1", ["team"] = "blue", ["window"] = "15m", ["kind"] = "interval",
        });
        replayer.Queue("sales", t).Tags.Keys.Should().BeEquivalentTo("tenant", "queue", "window", "kind");
        replayer.Team("blue", t).Tags.Keys.Should().BeEquivalentTo("tenant", "team", "window", "kind");
        replayer.Tenant(t).Tags.Keys.Should().BeEquivalentTo("tenant", "window", "kind");
    }

    [Theory]
    [InlineData(900, "15m")]
    [InlineData(3600, "1h")]
    [InlineData(90, "90s")]
    [InlineData(1800, "30m")]
    [InlineData(5400, "90m")]
    [InlineData(7200, "2h")]
    public void Window_tag_names_the_interval_length_in_the_largest_unit_that_divides_it(int seconds, string expected)
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Logout("a1");

        var lines = Replayer.Run(s, new MetricsOptions { Interval = TimeSpan.FromSeconds(seconds) }).Lines;

        lines.Should().NotBeEmpty().And.OnlyContain(l => l.Tag("window") == expected);
    }

    [Fact]
    public void Interval_of_one_hour_gives_hourly_lines()
    {
        // 09:10-10:20 with 1 h intervals: 09:00 has 3000 s, 10:00 has 1200 s.
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("10:20").Logout("a1");
        var lines = Replayer.Run(s, new MetricsOptions { Interval = TimeSpan.FromHours(1) }).All("agent_metrics");

        lines.Select(l => l.Timestamp).Should().Equal(s.Nanos("09:00"), s.Nanos("10:00"));
        lines.Select(l => l.Number("logged_in_s")).Should().Equal(3000, 1200);
    }

    [Fact]
    public void Interval_of_90_s_splits_time_every_90_s()
    {
        // 09:00:00-09:03:00: two 90 s windows (09:00:00 and 09:01:30), 90 s each.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:03").Logout("a1");
        var lines = Replayer.Run(s, new MetricsOptions { Interval = TimeSpan.FromSeconds(90) }).All("agent_metrics");

        lines.Select(l => l.Timestamp).Should().Equal(s.Nanos("09:00"), s.Nanos("09:01:30"));
        lines.Should().OnlyContain(l => l.Number("logged_in_s") == 90 && l.Tag("window") == "90s");
    }

    [Fact]
    public void Rolling_lines_are_written_only_when_rolling_is_on()
    {
        var s = CallAcross0915();

        Replayer.Run(s).Lines.Should().OnlyContain(l => l.Tag("kind") == "interval");
        Replayer.Run(s, RollingEveryMinute).Lines.Should().Contain(l => l.Tag("kind") == "rolling");
    }

    [Fact]
    public void Rolling_line_at_step_instant_t_covers_the_trailing_rolling_length_of_time()
    {
        // a1 available 09:00-09:10, not_ready 09:10-09:30. At t = 09:20 the window [09:05, 09:20): available 300, not_ready 600.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:10").State("a1", "not_ready").At("09:30").Logout("a1");
        var line = Replayer.Run(s, RollingEveryMinute).Agent("a1", s.Nanos("09:20"), kind: "rolling");

        line.Number("available_s").Should().Be(300);
        line.Number("not_ready_s").Should().Be(600);
        line.Number("logged_in_s").Should().Be(900);
        line.Tag("window").Should().Be("15m");
    }

    [Fact]
    public void Rolling_line_early_in_the_input_covers_only_the_time_there_is()
    {
        // At t = 09:12 the window [08:57, 09:12): available 09:00-09:10 = 600, not_ready 09:10-09:12 = 120.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:10").State("a1", "not_ready").At("09:30").Logout("a1");
        var line = Replayer.Run(s, RollingEveryMinute).Agent("a1", s.Nanos("09:12"), kind: "rolling");

        line.Number("available_s").Should().Be(600);
        line.Number("not_ready_s").Should().Be(120);
    }

    [Fact]
    public void Rolling_a_count_appears_in_exactly_rolling_over_step_windows_under_the_half_open_rule()
    {
        // Offer at 09:05:00 lies in [t - 15m, t) for t = 09:06 ... 09:20: 15 windows (not 09:05, not 09:21).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Queued("c1", "sales").At("09:05:10").Ended("c1")
            .At("09:30").Logout("a1");
        var offers = Replayer.Run(s, RollingEveryMinute).All("queue_metrics", kind: "rolling").Where(l => l.Number("offered") == 1).ToList();

        offers.Should().HaveCount(15);
        offers.Select(l => l.Timestamp).Should().BeEquivalentTo(Enumerable.Range(6, 15).Select(m => s.Nanos($"09:{m:00}")));
    }

    [Fact]
    public void Rolling_a_count_appears_in_exactly_rolling_over_step_windows_for_a_shorter_window()
    {
        // Rolling 5 m, step 1 m: an abandon at 09:05:10 counts at t = 09:06 ... 09:10.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:04").Queued("c1", "sales").At("09:05:10").Ended("c1")
            .At("09:30").Logout("a1");
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(5), Step = TimeSpan.FromMinutes(1) };
        var abandons = Replayer.Run(s, options).All("queue_metrics", kind: "rolling").Where(l => l.Number("abandoned") == 1).ToList();

        abandons.Select(l => l.Timestamp).Should().BeEquivalentTo(Enumerable.Range(6, 5).Select(m => s.Nanos($"09:{m:00}")));
        abandons.Should().OnlyContain(l => l.Tag("window") == "5m");
    }

    [Fact]
    public void Rolling_equal_to_the_interval_gives_at_each_interval_end_the_line_of_that_interval()
    {
        // Rolling 15m: the rolling line at 09:15 covers [09:00, 09:15), the interval 09:00, for every series;
        // likewise the rolling line at 09:30 and the interval 09:15.
        var s = CallAcross0915().At("09:21").Queued("c2", "sales").At("09:21:30").Ended("c2").At("09:40").Arrived("c3");
        var replayer = Replayer.Run(s, RollingEveryMinute);

        foreach (var (interval, end) in new[] { ("09:00", "09:15"), ("09:15", "09:30") })
        {
            var intervalLines = replayer.Lines.Where(l => l.Tag("kind") == "interval" && l.Timestamp == s.Nanos(interval)).ToList();
            intervalLines.Should().NotBeEmpty();
            foreach (var expected in intervalLines)
            {
                var rolling = replayer.Lines.Single(l => l.Tag("kind") == "rolling" && l.Timestamp == s.Nanos(end)
                    && l.Measurement == expected.Measurement
                    && l.Tags.Where(t => t.Key != "kind").OrderBy(t => t.Key).SequenceEqual(expected.Tags.Where(t => t.Key != "kind").OrderBy(t => t.Key)));
                rolling.Fields.Keys.Should().Equal(expected.Fields.Keys, "{0} at {1}", expected.Measurement, end);
                foreach (var name in expected.Fields.Keys)
                {
                    rolling.Number(name).Should().BeApproximately(expected.Number(name), 1e-9, "{0} {1} at {2}", expected.Measurement, name, end);
                }
            }
        }
    }

    [Fact]
    public void Rolling_counts_a_handled_leg_with_its_whole_handle_time_in_each_window_containing_its_wrap_end()
    {
        // Wrap ends 09:17:30: AHT 210 in rolling windows t = 09:18 ... 09:32; the window at 09:17 has no handled leg.
        var s = CallAcross0915().At("09:40").Arrived("c9");
        var replayer = Replayer.Run(s, RollingEveryMinute);

        replayer.Agent("a1", s.Nanos("09:17"), kind: "rolling").Number("handled").Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:18"), kind: "rolling").Number("aht_s").Should().Be(210);
        replayer.Agent("a1", s.Nanos("09:32"), kind: "rolling").Number("aht_s").Should().Be(210);
        replayer.HasLine("agent_metrics", "agent", "a1", s.Nanos("09:33"), kind: "rolling")
            .Should().BeTrue("a1 was logged in until 09:20, inside [09:18, 09:33)");
    }

    [Fact]
    public void Rolling_window_tag_names_the_rolling_length()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Logout("a1");
        var options = new MetricsOptions { Rolling = TimeSpan.FromHours(1), Step = TimeSpan.FromMinutes(5) };

        Replayer.Run(s, options).All("agent_metrics", kind: "rolling").Should().NotBeEmpty().And.OnlyContain(l => l.Tag("window") == "1h");
    }

    [Fact]
    public void Rolling_lines_are_at_multiples_of_the_step()
    {
        var s = Scenario.Create().At("09:00:20").Login("a1", team: "blue").At("09:07:40").Logout("a1");
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(5) };

        Replayer.Run(s, options).All("agent_metrics", kind: "rolling").Should().NotBeEmpty()
            .And.OnlyContain(l => l.Timestamp % (5 * 60 * 1_000_000_000L) == 0);
    }

    [Fact]
    public void Rolling_time_of_the_first_step_window_is_only_the_part_before_t()
    {
        // Login 09:00:20; at t = 09:01 the window [08:46, 09:01) holds 40 s.
        var s = Scenario.Create().At("09:00:20").Login("a1", team: "blue").At("09:07:40").Logout("a1");

        Replayer.Run(s, RollingEveryMinute).Agent("a1", s.Nanos("09:01"), kind: "rolling").Number("logged_in_s").Should().Be(40);
    }

    [Fact]
    public void Rolling_windows_end_at_the_first_step_instant_after_the_end_of_input_clock()
    {
        // Offer at 09:05:00, input ends 09:06:30: METRICS "in replay the instants run from the first multiple of step
        // after the first accepted ts to the first multiple after the end-of-input clock; none later": 09:06 and 09:07,
        // although the offer would still be in [t - 15m, t) up to 09:20.
        var s = Scenario.Create().At("09:05").Queued("c1", "sales").At("09:06:30").Arrived("c2");
        var rolling = Replayer.Run(s, RollingEveryMinute).All("queue_metrics", kind: "rolling");

        rolling.Select(l => l.Timestamp).Should().Equal(s.Nanos("09:06"), s.Nanos("09:07"));
        rolling.Should().OnlyContain(l => l.Number("offered") == 1);
    }

    [Fact]
    public void Rolling_windows_start_at_the_first_step_instant_after_the_first_accepted_ts()
    {
        var s = Scenario.Create().At("09:00:20").Login("a1", team: "blue").At("09:03").Logout("a1");
        var rolling = Replayer.Run(s, RollingEveryMinute).All("agent_metrics", kind: "rolling");

        rolling.Select(l => l.Timestamp).Should().Equal(s.Nanos("09:01"), s.Nanos("09:02"), s.Nanos("09:03"), s.Nanos("09:04"));
    }

    [Fact]
    public void The_end_of_input_rule_for_intervals_is_the_interval_holding_the_clock_and_none_later()
    {
        // The last event at 09:31 is in the interval 09:30; nothing after it is written, rolling or not.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:31").Logout("a1");

        foreach (var options in new[] { new MetricsOptions(), RollingEveryMinute })
        {
            Replayer.Run(s, options).All("agent_metrics").Select(l => l.Timestamp).Should().Equal(s.Nanos("09:00"), s.Nanos("09:15"), s.Nanos("09:30"));
        }
    }

    [Fact]
    public void Time_split_at_a_boundary_keeps_fractions_of_a_second()
    {
        // 09:14:59.500-09:15:00.250: 0.5 s in 09:00 and 0.25 s in 09:15.
        var s = Scenario.Create().At("09:14:59.500").Login("a1", team: "blue").At("09:15:00.250").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("logged_in_s").Should().Be(0.5);
        replayer.Agent("a1", s.Nanos("09:15")).Number("logged_in_s").Should().Be(0.25);
    }

    [Fact]
    public void Rolling_equal_to_the_interval_gives_no_line_at_the_interval_end_when_the_input_ends_before_it()
    {
        // Input ends 09:06:30, inside interval 09:00 (which is written). The rolling instants end at 09:07, so the
        // window [09:00, 09:15) that would equal that interval is not written: METRICS lists the instants, none later.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Queued("c1", "sales").At("09:06:30").Ended("c1");
        var replayer = Replayer.Run(s, RollingEveryMinute);

        replayer.Queue("sales", s.Nanos("09:00")).Number("offered").Should().Be(1);
        replayer.Lines.Where(l => l.Tag("kind") == "rolling").Max(l => l.Timestamp).Should().Be(s.Nanos("09:07"));
    }

    [Fact]
    public void Intervals_of_7_minutes_are_aligned_to_the_unix_epoch()
    {
        // 09:00:00 UTC is 1795338000 s; 1795338000 mod 420 = 120, so the 7 min intervals start at 08:58 and 09:05.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:06").Logout("a1");
        var lines = Replayer.Run(s, new MetricsOptions { Interval = TimeSpan.FromMinutes(7) }).All("agent_metrics");

        lines.Select(l => l.Timestamp).Should().Equal(s.Nanos("08:58"), s.Nanos("09:05"));
        lines.Select(l => l.Number("logged_in_s")).Should().Equal(300, 60);
        lines.Should().OnlyContain(l => l.Tag("window") == "7m");
    }

    [Fact]
    public void Rolling_counts_are_kept_across_a_long_gap_without_events()
    {
        // An abandon at 09:05:10 and then nothing until 10:00: it is in [t - 15m, t) for t = 09:06 ... 09:20.
        var s = Scenario.Create().At("09:05").Queued("c1", "sales").At("09:05:10").Ended("c1").At("10:00").Arrived("c2");
        var abandons = Replayer.Run(s, RollingEveryMinute).All("queue_metrics", kind: "rolling").Where(l => l.Number("abandoned") == 1).ToList();

        abandons.Select(l => l.Timestamp).Should().BeEquivalentTo(Enumerable.Range(6, 15).Select(m => s.Nanos($"09:{m:00}")));
    }

    [Fact]
    public void Max_wrap_fires_in_event_time_across_a_long_gap_without_events()
    {
        // a1 (not logged in) answers c1 09:01-09:03; no wrap.ended; next event 11:00. Wrap ends 09:05: handled in 09:00, aht 240.
        var s = Scenario.Create().At("09:01").Queued("c1", "sales").Answered("c1", "a1").At("09:03").Ended("c1").At("11:00").Arrived("c2");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("handled").Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:00")).Number("aht_s").Should().Be(240);
        replayer.All("agent_metrics").Should().ContainSingle();
    }

    [Fact]
    public void Idle_agent_logged_in_over_a_long_gap_has_a_line_in_every_interval()
    {
        // Logged in 09:00-11:00 with no other events: 8 intervals of 900 s.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("11:00").Logout("a1");
        var lines = Replayer.Run(s).All("agent_metrics");

        lines.Should().HaveCount(8).And.OnlyContain(l => l.Number("available_s") == 900);
    }

    [Fact]
    public void Rolling_with_step_equal_to_its_length_repeats_the_intervals_one_step_later()
    {
        // Rolling 15m, step 15m, input ending exactly at 09:30: rolling at 09:15 = interval 09:00, rolling at 09:30 = interval 09:15.
        var s = CallAcross0915().At("09:30").Arrived("c9");
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(15) };
        var replayer = Replayer.Run(s, options);

        foreach (var interval in replayer.All("agent_metrics").Concat(replayer.All("queue_metrics")))
        {
            var tag = interval.Measurement == "agent_metrics" ? "agent" : "queue";
            var rolling = replayer.Single(interval.Measurement, tag, interval.Tag(tag), interval.Timestamp + (15 * 60 * 1_000_000_000L), kind: "rolling");
            rolling.Fields.Should().Equal(interval.Fields);
        }
    }

    [Fact]
    public void Rolling_window_spanning_an_interval_boundary_adds_the_time_of_both_sides()
    {
        // Rolling 10m, step 5m. available 09:00-09:12, not_ready 09:12-09:17, available 09:17-09:30.
        // t = 09:20, [09:10, 09:20): available 120 + 180 = 300, not_ready 300. t = 09:15, [09:05, 09:15): available 420, not_ready 180.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:12").State("a1", "not_ready").At("09:17").State("a1", "available")
            .At("09:30").Logout("a1");
        var replayer = Replayer.Run(s, new MetricsOptions { Rolling = TimeSpan.FromMinutes(10), Step = TimeSpan.FromMinutes(5) });

        var at0920 = replayer.Agent("a1", s.Nanos("09:20"), kind: "rolling");
        var at0915 = replayer.Agent("a1", s.Nanos("09:15"), kind: "rolling");
        at0920.Number("available_s").Should().Be(300);
        at0920.Number("not_ready_s").Should().Be(300);
        at0915.Number("available_s").Should().Be(420);
        at0915.Number("not_ready_s").Should().Be(180);
        at0920.Tag("window").Should().Be("10m");
    }

    [Fact]
    public void Rolling_step_that_does_not_divide_the_interval_still_splits_time_and_counts_exactly()
    {
        // Interval 10m, rolling 9m, step 3m. not_ready 09:05-09:10:30; offer at 09:04:30.
        // t = 09:12, [09:03, 09:12): available 09:03-09:05 (120) + 09:10:30-09:12 (90) = 210, not_ready 330.
        // The offer is in the windows t = 09:06, 09:09, 09:12 (3 = 9m / 3m).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:04:30").Queued("c1", "sales").At("09:04:40").Ended("c1")
            .At("09:05").State("a1", "not_ready").At("09:10:30").State("a1", "available").At("09:30").Logout("a1");
        var options = new MetricsOptions { Interval = TimeSpan.FromMinutes(10), Rolling = TimeSpan.FromMinutes(9), Step = TimeSpan.FromMinutes(3) };
        var replayer = Replayer.Run(s, options);

        var line = replayer.Agent("a1", s.Nanos("09:12"), kind: "rolling");
        line.Number("available_s").Should().Be(210);
        line.Number("not_ready_s").Should().Be(330);
        replayer.All("queue_metrics", kind: "rolling").Where(l => l.Number("offered") == 1).Select(l => l.Timestamp)
            .Should().BeEquivalentTo(new[] { s.Nanos("09:06"), s.Nanos("09:09"), s.Nanos("09:12") });
        replayer.Agent("a1", s.Nanos("09:10")).Number("available_s").Should().Be(570);
    }
}
