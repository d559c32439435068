using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>METRICS.md "Lateness, duplicates, end of input" and the matching "Precise rules".</summary>
public sealed class MetricsEngineTests
{
    private static readonly TimeSpan DefaultLateness = TimeSpan.FromSeconds(60);

    /// <summary>Two agents, a transfer, a hold, an abandon and a survey over two intervals, sorted by ts.</summary>
    private static Scenario BusyMorning() =>
        Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:10:20").Login("a2", team: "green")
            .At("09:11").Arrived("c1").At("09:11:20").Queued("c1", "sales").At("09:11:35").Answered("c1", "a1")
            .At("09:12:10").Queued("c2", "sales").At("09:12:40").Ended("c2")
            .At("09:13").Held("c1", "a1").At("09:13:30").Retrieved("c1", "a1").At("09:14:10").Transferred("c1", "a1", toQueue: "support")
            .At("09:14:20").Queued("c1", "support").At("09:14:50").WrapEnded("c1", "a1").At("09:15:05").Answered("c1", "a2")
            .At("09:15:30").Queued("c3", "sales").At("09:15:40").Answered("c3", "a1").At("09:16:30").State("a2", "available")
            .At("09:17").Ended("c3").At("09:17:45").Ended("c1").At("09:18").WrapEnded("c1", "a2").Survey("c1", 4)
            .At("09:18:30").State("a1", "not_ready", "break").At("09:20").Logout("a1").At("09:21").Logout("a2");

    [Fact]
    public void OutOfOrder_input_within_lateness_gives_the_same_output_as_the_sorted_input()
    {
        var sorted = BusyMorning().Lines;
        var disordered = InputOrder.Disordered(sorted, DefaultLateness);
        disordered.Should().NotEqual(sorted, "the test must actually reorder events");

        var expected = Replayer.Run(sorted);
        var actual = Replayer.Run(disordered);

        actual.Rejected.Should().BeEmpty();
        actual.Output.Should().Be(expected.Output);
        actual.Output.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles.Names), MemberType = typeof(ScenarioFiles))]
    public void OutOfOrder_spec_scenarios_within_lateness_still_give_their_expected_lines(string name)
    {
        var disordered = InputOrder.Disordered(File.ReadAllLines(ScenarioFiles.Events(name)), DefaultLateness);

        var replayer = Replayer.Run(disordered);

        replayer.Rejected.Should().BeEmpty();
        ScenarioOutput.Matches(replayer.Output, File.ReadAllText(ScenarioFiles.Expected(name)));
    }

    [Fact]
    public void Replay_of_the_same_input_gives_byte_identical_output()
    {
        var lines = BusyMorning().Lines;

        Replayer.Run(lines).Output.Should().Be(Replayer.Run(lines).Output);
    }

    [Fact]
    public void Replay_writes_each_series_and_window_once()
    {
        var lines = Replayer.Run(BusyMorning()).Lines;

        lines.Select(l => (l.Measurement, string.Join(",", l.Tags.OrderBy(t => t.Key).Select(t => t.Key + "=" + t.Value)), l.Timestamp))
            .Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Duplicate_event_id_is_ignored_counted_and_leaves_the_output_unchanged()
    {
        var sorted = BusyMorning().Lines;
        var withDuplicate = sorted.Take(6).Append(sorted[5]).Concat(sorted.Skip(6)).ToList();

        var expected = Replayer.Run(sorted);
        var actual = Replayer.Run(withDuplicate);

        actual.Engine.Counters.Duplicates.Should().Be(1);
        actual.Engine.Counters.Accepted.Should().Be(sorted.Count);
        actual.Rejected.Should().BeEmpty();
        actual.Output.Should().Be(expected.Output);
    }

    [Fact]
    public void Duplicate_event_id_with_different_content_is_ignored_and_the_first_wins()
    {
        // The second "x" (not_ready) is a duplicate: a1 stays available 09:00-09:10.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .Raw("""{"event_id":"x","type":"agent.state","ts":"2026-11-22T09:05:00Z","agent_id":"a1","state":"available"}""")
            .Raw("""{"event_id":"x","type":"agent.state","ts":"2026-11-22T09:05:00Z","agent_id":"a1","state":"not_ready"}""")
            .At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Engine.Counters.Duplicates.Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:00")).Number("available_s").Should().Be(600);
    }

    [Fact]
    public void A_copy_older_than_the_watermark_is_late_even_though_its_id_was_accepted()
    {
        // METRICS "Precise rules": late is decided before duplicate. e1 (09:00) is repeated after 09:05 (watermark 09:04).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2", team: "blue");
        var lines = s.Lines.Append(s.Lines[0]).ToList();

        var replayer = Replayer.Run(lines);

        replayer.Engine.Counters.Duplicates.Should().Be(0);
        replayer.Engine.Counters.Late.Should().Be(1);
        replayer.Rejected.Should().Equal((3, "late"));
    }

    [Fact]
    public void A_copy_that_is_not_late_is_a_duplicate()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:00:30").Login("a2", team: "blue");
        var lines = s.Lines.Append(s.Lines[0]).ToList();

        var replayer = Replayer.Run(lines);

        replayer.Engine.Counters.Duplicates.Should().Be(1);
        replayer.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void An_id_reused_more_than_the_dedupe_horizon_after_it_was_accepted_is_accepted_again()
    {
        // Horizon 1 h: the id of the 09:00 login is remembered while the watermark is at most 10:00; a not-late event
        // reusing it after that is a new event (a producer that recycles ids).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("10:00:59").Login("a2", team: "blue")
            .At("10:00").Logout("a1").At("10:01:30").Login("a3", team: "blue").At("10:02").Logout("a3");
        var lines = s.Lines;

        var edge = Replayer.Run([lines[0], lines[1], lines[2].Replace("\"e3\"", "\"e1\"", StringComparison.Ordinal)]);
        var after = Replayer.Run([lines[0], lines[1], lines[3], lines[4].Replace("\"e5\"", "\"e1\"", StringComparison.Ordinal)]);

        edge.Engine.Counters.Duplicates.Should().Be(1, "watermark 09:59:59: the id accepted at 09:00 is not older than 08:59:59");
        after.Engine.Counters.Duplicates.Should().Be(0, "watermark 10:00:30: the id accepted at 09:00 is forgotten");
        after.Engine.Counters.Accepted.Should().Be(4);
        after.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void Late_event_older_than_the_watermark_is_rejected_with_reason_late_and_changes_nothing()
    {
        // Largest ts 09:05, watermark 09:04; a state change at 09:03:59 is late.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2", team: "blue")
            .At("09:03:59").State("a1", "not_ready").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().Equal((3, "late"));
        replayer.Engine.Counters.Late.Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:00")).Number("not_ready_s").Should().Be(0);
    }

    [Fact]
    public void Late_event_with_ts_exactly_at_the_watermark_is_not_late()
    {
        // Largest ts 09:05, watermark 09:04: a state change at exactly 09:04 is accepted (not_ready 09:04-09:10 = 360).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2", team: "blue")
            .At("09:04").State("a1", "not_ready").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().BeEmpty();
        replayer.Engine.Counters.Late.Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:00")).Number("not_ready_s").Should().Be(360);
    }

    [Fact]
    public void Late_uses_the_configured_lateness()
    {
        // lateness 10 s: largest ts 09:05, watermark 09:04:50; 09:04:49 is late, 09:04:50 is not.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2", team: "blue")
            .At("09:04:49").Arrived("c1").At("09:04:50").Arrived("c2");
        var replayer = Replayer.Run(s, new Core.Options.MetricsOptions { Lateness = TimeSpan.FromSeconds(10) });

        replayer.Rejected.Should().Equal((3, "late"));
    }

    [Fact]
    public void Watermark_is_not_moved_by_a_duplicate_with_a_later_ts()
    {
        // "x" at 09:05 is accepted; a duplicate "x" claiming 10:00 is ignored and must not move the watermark,
        // so an event at 09:04:30 (within 60 s of 09:05) is still accepted.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .Raw("""{"event_id":"x","type":"agent.login","ts":"2026-11-22T09:05:00Z","agent_id":"a2"}""")
            .Raw("""{"event_id":"x","type":"agent.login","ts":"2026-11-22T10:00:00Z","agent_id":"a2"}""")
            .At("09:04:30").State("a1", "not_ready").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().BeEmpty();
        replayer.Engine.Counters.Duplicates.Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:00")).Number("not_ready_s").Should().Be(330);
    }

    [Fact]
    public void Watermark_is_not_moved_by_a_rejected_line()
    {
        // A survey with score 9 at 10:00 is rejected by the decoder; 09:04:30 is then not late.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2")
            .Raw("""{"event_id":"bad","type":"survey.completed","ts":"2026-11-22T10:00:00Z","call_id":"c1","score":9}""")
            .At("09:04:30").State("a1", "not_ready");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().ContainSingle().Which.Line.Should().Be(3);
        replayer.Engine.Counters.Late.Should().Be(0);
    }

    [Fact]
    public void End_of_input_clock_is_not_moved_by_a_duplicate_with_a_later_ts()
    {
        // Accepted events end at 09:07: a1 (never logged out) is available 09:00-09:07 = 420; nothing in 09:15 or later.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .Raw("""{"event_id":"y","type":"call.arrived","ts":"2026-11-22T09:07:00Z","call_id":"c1"}""")
            .Raw("""{"event_id":"y","type":"call.arrived","ts":"2026-11-22T09:40:00Z","call_id":"c1"}""");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("available_s").Should().Be(420);
        replayer.Lines.Should().OnlyContain(l => l.Timestamp == s.Nanos("09:00"));
    }

    [Fact]
    public void Rejected_line_does_not_register_its_event_id()
    {
        // "z" is first rejected (score 9), then a valid "z" is accepted, not a duplicate.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:02").Ended("c1").WrapEnded("c1", "a1")
            .Raw("""{"event_id":"z","type":"survey.completed","ts":"2026-11-22T09:03:00Z","call_id":"c1","score":9}""")
            .Raw("""{"event_id":"z","type":"survey.completed","ts":"2026-11-22T09:03:00Z","call_id":"c1","score":4}""")
            .At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Engine.Counters.Duplicates.Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:00")).Number("surveys").Should().Be(1);
    }

    [Fact]
    public void Late_rejected_line_does_not_register_its_event_id()
    {
        // "w" at 09:03 arrives after 09:05 and is late (rejected); a later "w" at 09:05:30 is accepted.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2")
            .Raw("""{"event_id":"w","type":"agent.state","ts":"2026-11-22T09:03:00Z","agent_id":"a1","state":"not_ready"}""")
            .Raw("""{"event_id":"w","type":"agent.state","ts":"2026-11-22T09:05:30Z","agent_id":"a1","state":"not_ready"}""")
            .At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().Equal((3, "late"));
        replayer.Engine.Counters.Duplicates.Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:00")).Number("not_ready_s").Should().Be(270);
    }

    [Fact]
    public void End_of_input_open_time_counts_up_to_the_largest_ts_and_no_further()
    {
        // a1 never logs out; the last event is at 09:07: available 420, no later lines.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:07").Arrived("c1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("available_s").Should().Be(420);
        replayer.Lines.Should().OnlyContain(l => l.Timestamp == s.Nanos("09:00"));
    }

    [Fact]
    public void End_of_input_open_connection_counts_talk_to_the_largest_ts_and_is_not_handled()
    {
        // Talk 09:01 to the end of input 09:04 = 180, not handled; sales has the answer but no handled leg.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:04").Login("a2");
        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(180);
        a1.Number("busy_s").Should().Be(180);
        a1.Number("handled").Should().Be(0);
        replayer.Queue("sales", s.Nanos("09:00")).Number("handled").Should().Be(0);
    }

    [Fact]
    public void End_of_input_a_call_still_waiting_is_neither_answered_nor_abandoned()
    {
        var s = Scenario.Create().At("09:01").Queued("c1", "sales").At("09:04").Arrived("c2");
        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("offered").Should().Be(1);
        sales.Number("answered").Should().Be(0);
        sales.Number("abandoned").Should().Be(0);
        sales.Has("max_wait_s").Should().BeFalse();
    }

    [Fact]
    public void Equal_ts_events_for_the_same_agent_apply_in_input_order()
    {
        // At 09:05 not_ready then available: the later in input wins (available 600).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").State("a1", "not_ready").State("a1", "available")
            .At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("available_s").Should().Be(600);
        a1.Number("not_ready_s").Should().Be(0);
    }

    [Fact]
    public void Equal_ts_events_in_the_other_input_order_give_the_other_result()
    {
        // At 09:05 available then not_ready: not_ready 09:05-09:10 = 300.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").State("a1", "available").State("a1", "not_ready")
            .At("09:10").Logout("a1");

        Replayer.Run(s).Agent("a1", s.Nanos("09:00")).Number("not_ready_s").Should().Be(300);
    }

    [Fact]
    public void Equal_ts_events_keep_input_order_when_a_later_event_arrives_between_them()
    {
        // Input: not_ready@09:05, login a2@09:05:30, available@09:05. Stable sort: not_ready, available (09:05), login a2:
        // a1 stays available (600).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").State("a1", "not_ready")
            .At("09:05:30").Login("a2").At("09:05").State("a1", "available").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("available_s").Should().Be(600);
    }

    [Fact]
    public void OutOfOrder_wrap_ended_arriving_after_its_max_wrap_deadline_in_arrival_but_within_lateness_still_ends_the_wrap()
    {
        // Sorted: c1 ends 09:03, wrap.ended 09:04:50 (wrap 110 s, no timeout). It arrives after an event at 09:05:30
        // (watermark 09:04:30 <= 09:04:50, not late): the result must equal the sorted input's.
        var sorted = Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:04:50").WrapEnded("c1", "a1").At("09:05:30").State("a2", "not_ready").At("09:10").Logout("a1").Logout("a2");
        var lines = sorted.Lines.ToList();
        var disordered = lines.Take(5).Append(lines[6]).Append(lines[5]).Concat(lines.Skip(7)).ToList();

        var expected = Replayer.Run(lines);
        var actual = Replayer.Run(disordered);

        actual.Rejected.Should().BeEmpty();
        expected.Agent("a1", sorted.Nanos("09:00")).Number("wrap_s").Should().Be(110);
        actual.Output.Should().Be(expected.Output);
        actual.Engine.SessionCounters.WrapTimeouts.Should().Be(0);
    }

    [Fact]
    public void OutOfOrder_answer_arriving_after_the_end_of_the_call_within_lateness_gives_the_sorted_result()
    {
        // Sorted: queued 09:01, answered 09:01:10, ended 09:01:40. The answer arrives after the end: still answered, not abandoned.
        var sorted = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:01:40").Ended("c1").At("09:02").WrapEnded("c1", "a1").At("09:10").Logout("a1");
        var lines = sorted.Lines.ToList();
        var disordered = new[] { lines[0], lines[1], lines[3], lines[2] }.Concat(lines.Skip(4)).ToList();

        var expected = Replayer.Run(lines);
        var actual = Replayer.Run(disordered);

        actual.Output.Should().Be(expected.Output);
        actual.Queue("sales", sorted.Nanos("09:00")).Number("abandoned").Should().Be(0);
    }

    [Fact]
    public void OutOfOrder_event_before_an_interval_boundary_arriving_after_it_counts_in_its_own_interval()
    {
        // An event at 09:15:30 arrives before the abandon at 09:14:50: the abandon still counts in 09:00.
        var s = Scenario.Create().At("09:14:30").Queued("c1", "sales").At("09:15:30").Arrived("c2").At("09:14:50").Ended("c1").At("09:16").Ended("c2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().BeEmpty();
        replayer.Queue("sales", s.Nanos("09:00")).Number("abandoned").Should().Be(1);
        replayer.HasLine("queue_metrics", "queue", "sales", s.Nanos("09:15")).Should().BeFalse();
    }

    [Fact]
    public void Lateness_zero_accepts_equal_ts_and_rejects_anything_older()
    {
        var s = Scenario.Create().At("09:05").Login("a1").Login("a2").At("09:04:59.999").Login("a3");
        var replayer = Replayer.Run(s, new Core.Options.MetricsOptions { Lateness = TimeSpan.Zero });

        replayer.Rejected.Should().Equal((3, "late"));
        replayer.Engine.Counters.Accepted.Should().Be(2);
    }

    [Fact]
    public void OutOfOrder_wrap_ended_exactly_at_the_deadline_arriving_when_the_watermark_is_the_deadline_gives_the_sorted_result()
    {
        // c1 ends 09:03, deadline 09:05. An event at 09:06 (watermark 09:05) arrives before the wrap.ended at 09:05:00,
        // which is exactly at the watermark (not late) and exactly at the deadline (not after max_wrap): no anomaly, as sorted.
        var sorted = Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:05").WrapEnded("c1", "a1").At("09:06").State("a2", "not_ready").At("09:10").Logout("a1").Logout("a2");
        var lines = sorted.Lines.ToList();
        var disordered = lines.Take(5).Append(lines[6]).Append(lines[5]).Concat(lines.Skip(7)).ToList();

        var expected = Replayer.Run(lines);
        var actual = Replayer.Run(disordered);

        actual.Rejected.Should().BeEmpty();
        actual.Output.Should().Be(expected.Output);
        actual.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(expected.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap]);
    }

    [Fact]
    public void OutOfOrder_input_within_lateness_gives_the_same_rolling_output_as_the_sorted_input()
    {
        var options = new Core.Options.MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };
        var sorted = BusyMorning().Lines;

        var expected = Replayer.Run(sorted, options);
        var actual = Replayer.Run(InputOrder.Disordered(sorted, DefaultLateness), options);

        actual.Output.Should().Be(expected.Output);
        actual.All("agent_metrics", kind: "rolling").Should().NotBeEmpty();
    }

    [Fact]
    public void OutOfOrder_input_within_a_larger_lateness_gives_the_same_output_as_the_sorted_input()
    {
        var options = new Core.Options.MetricsOptions { Lateness = TimeSpan.FromMinutes(5) };
        var sorted = BusyMorning().Lines;
        var disordered = InputOrder.Disordered(sorted, TimeSpan.FromMinutes(5));

        Replayer.Run(disordered, options).Output.Should().Be(Replayer.Run(sorted, options).Output);
    }

    [Fact]
    public void Equal_ts_events_keep_input_order_when_the_later_one_arrives_exactly_at_the_watermark()
    {
        // Input: not_ready@09:05, login a2@09:06 (watermark 09:05), available@09:05 (at the watermark: accepted).
        // Stable sort: not_ready, available, login a2: a1 is available throughout (600).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").State("a1", "not_ready")
            .At("09:06").Login("a2").At("09:05").State("a1", "available").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().BeEmpty();
        replayer.Agent("a1", s.Nanos("09:00")).Number("available_s").Should().Be(600);
    }

    [Fact]
    public void Event_exactly_at_an_interval_boundary_arriving_when_the_watermark_is_that_boundary_counts_in_the_later_interval()
    {
        // An event at 09:16 makes the watermark 09:15; an abandon at exactly 09:15:00 then arrives: it is not late and counts in 09:15.
        var s = Scenario.Create().At("09:14").Queued("c1", "sales").At("09:16").Arrived("c2").At("09:15").Ended("c1").At("09:17").Ended("c2");
        var replayer = Replayer.Run(s);

        replayer.Rejected.Should().BeEmpty();
        replayer.Queue("sales", s.Nanos("09:15")).Number("abandoned").Should().Be(1);
        replayer.Queue("sales", s.Nanos("09:15")).Number("max_wait_s").Should().Be(60);
        replayer.Queue("sales", s.Nanos("09:00")).Number("abandoned").Should().Be(0);
    }
}
