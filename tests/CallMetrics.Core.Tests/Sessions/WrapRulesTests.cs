using CallMetrics.Core.Options;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>METRICS.md "Segments" (wrap) and the wrap rules of "Precise rules".</summary>
public sealed class WrapRulesTests
{
    /// <summary>a1 logged in at 09:00, c1 queued in sales and answered by a1 at 09:01 (wait 0), talk from 09:01.</summary>
    private static Scenario A1TalkingFrom0901() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1");

    [Fact]
    public void WrapEnded_ends_the_wrap_and_the_leg_is_handled_with_talk_plus_wrap()
    {
        // talk 09:01-09:03 = 120, wrap 09:03-09:03:30 = 30: handle 150.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("busy_s").Should().Be(150);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_wrap_ended_at_the_ts_of_the_next_answer_gives_its_disposition_whichever_is_applied_first(bool wrapEndedFirst)
    {
        // Keyed by call, the two events may come from two partitions: the result must not depend on their order.
        const string wrapEnded = "{\"event_id\":\"w1\",\"type\":\"wrap.ended\",\"ts\":\"2026-11-22T09:04:00.000Z\",\"call_id\":\"c1\",\"agent_id\":\"a1\",\"disposition\":\"resolved\"}";
        var s = A1TalkingFrom0901().At("09:02").Queued("c2", "sales").At("09:03").Ended("c1", "a1").At("09:04");
        s = wrapEndedFirst ? s.Raw(wrapEnded).Answered("c2", "a1") : s.Answered("c2", "a1").Raw(wrapEnded);
        s.At("09:06").Ended("c2", "a1").At("09:06:30").WrapEnded("c2", "a1").At("09:10").Logout("a1");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(2);
        a1.Number("dispositioned").Should().Be(1);
        a1.Number("resolved").Should().Be(1);
        replayer.Lines.Single(l => l.Measurement == "queue_metrics" && l.Tag("kind") == "interval").Number("dispositioned").Should().Be(1);
        replayer.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(0);
    }

    [Fact]
    public void Missing_wrap_ended_wrap_ends_after_the_default_max_wrap_of_120_s()
    {
        // talk 09:01-09:03 = 120, no wrap.ended: wrap 09:03-09:05 = 120 (default max_wrap); handle 240.
        // busy 240, available 600 - 240 = 360.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:10").Logout("a1");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("wrap_s").Should().Be(120);
        a1.Number("aht_s").Should().Be(240);
        a1.Number("busy_s").Should().Be(240);
        a1.Number("available_s").Should().Be(360);
        replayer.Engine.SessionCounters.WrapTimeouts.Should().Be(1);
    }

    [Fact]
    public void Missing_wrap_ended_wrap_ends_after_a_custom_max_wrap()
    {
        // max_wrap 30 s: talk 120, wrap 09:03-09:03:30 = 30, handle 150; available 600 - 150 = 450.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s, new MetricsOptions { MaxWrap = TimeSpan.FromSeconds(30) }).Agent("a1", s.Nanos("09:00"));

        a1.Number("wrap_s").Should().Be(30);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("available_s").Should().Be(450);
    }

    [Fact]
    public void WrapEnded_after_max_wrap_is_ignored_and_counted_as_an_anomaly()
    {
        // Connection ends 09:03; max_wrap ends the wrap at 09:05; the wrap.ended at 09:06 comes too late:
        // wrap stays 120, handle 240, and the late wrap.ended is an anomaly.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:06").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("wrap_s").Should().Be(120);
        a1.Number("aht_s").Should().Be(240);
        replayer.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(1);
    }

    [Fact]
    public void WrapEnded_for_a_leg_not_in_wrap_is_ignored_and_counted_as_an_anomaly()
    {
        // wrap.ended at 09:02 while a1 is still talking: ignored. Talk 09:01-09:03 = 120, wrap -09:03:30 = 30.
        var s = A1TalkingFrom0901().At("09:02").WrapEnded("c1", "a1").At("09:03").Ended("c1", "a1")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("aht_s").Should().Be(150);
        replayer.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(1);
    }

    [Fact]
    public void Wrap_whose_max_wrap_deadline_is_exactly_the_end_of_input_is_handled()
    {
        // Connection ends 09:03, deadline 09:05; the last event (a2's login) is at 09:05 = end of input.
        // The wrap is complete: handled 1, handle 120 + 120 = 240.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:05").Login("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("aht_s").Should().Be(240);
        a1.Number("wrap_s").Should().Be(120);
    }

    [Fact]
    public void Wrap_whose_max_wrap_deadline_is_after_the_end_of_input_is_not_handled()
    {
        // Connection ends 09:03, deadline 09:05; input ends at 09:04:59: wrap counts 119 s, leg not handled.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:04:59").Login("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(0);
        a1.Has("aht_s").Should().BeFalse();
        a1.Number("wrap_s").Should().Be(119);
    }

    [Fact]
    public void Wrap_is_ended_by_the_next_call_answered_of_that_agent()
    {
        // c1: talk 09:01-09:03 (120), wrap 09:03-09:03:20 (20, ended by the answer of c2): handle 140.
        // c2: talk 09:03:20-09:05 (100), wrap -09:05:30 (30): handle 130. aht = 270 / 2 = 135.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:03:10").Queued("c2", "sales")
            .At("09:03:20").Answered("c2", "a1").At("09:05").Ended("c2", "a1").At("09:05:30").WrapEnded("c2", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(2);
        a1.Number("wrap_s").Should().Be(50);
        a1.Number("aht_s").Should().Be(135);
    }

    [Fact]
    public void WrapEnded_after_the_wrap_was_ended_by_the_next_answer_is_ignored_as_an_anomaly()
    {
        // c1's wrap ends at 09:03:20 (answer of c2); c1's wrap.ended at 09:03:40 finds no wrap: anomaly, no change.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:03:10").Queued("c2", "sales")
            .At("09:03:20").Answered("c2", "a1").At("09:03:40").WrapEnded("c1", "a1").At("09:05").Ended("c2", "a1")
            .At("09:05:30").WrapEnded("c2", "a1").At("09:10").Logout("a1");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("wrap_s").Should().Be(50);
        replayer.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(1);
    }

    [Fact]
    public void Wrap_is_ended_by_agent_state_not_ready()
    {
        // talk 09:01-09:03, wrap 09:03-09:03:40 (40): handle 160.
        // available 09:00-09:01 = 60, not_ready 09:03:40-09:10 = 380, busy 160, logged in 600.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:03:40").State("a1", "not_ready", "break").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("wrap_s").Should().Be(40);
        a1.Number("aht_s").Should().Be(160);
        a1.Number("available_s").Should().Be(60);
        a1.Number("not_ready_s").Should().Be(380);
        a1.Number("logged_in_s").Should().Be(600);
    }

    [Fact]
    public void Wrap_is_ended_by_agent_state_even_when_the_state_does_not_change()
    {
        // a1 is available and sends available again at 09:03:40: wrap 40, handle 160, available 600 - 160 = 440.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:03:40").State("a1", "available").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("wrap_s").Should().Be(40);
        a1.Number("aht_s").Should().Be(160);
        a1.Number("available_s").Should().Be(440);
    }

    [Fact]
    public void Wrap_is_ended_by_logout()
    {
        // talk 120, wrap 09:03-09:03:40 (40): handle 160; logged in 09:00-09:03:40 = 220.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:03:40").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("wrap_s").Should().Be(40);
        a1.Number("aht_s").Should().Be(160);
        a1.Number("logged_in_s").Should().Be(220);
    }

    [Fact]
    public void Wrap_ended_by_max_wrap_frees_the_agent_who_is_available_again()
    {
        // Wrap 09:03-09:05 by max_wrap, then available 09:05-09:10 (300) plus 09:00-09:01 (60) = 360.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:10").Logout("a1");

        Replayer.Run(s).Agent("a1", s.Nanos("09:00")).Number("available_s").Should().Be(360);
    }

    [Fact]
    public void WrapEnded_exactly_at_the_max_wrap_deadline_is_not_after_max_wrap_and_is_no_anomaly()
    {
        // Connection ends 09:03; wrap.ended at 09:05:00 = exactly 120 s: wrap 120, handled, no anomaly.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:05").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("wrap_s").Should().Be(120);
        replayer.Agent("a1", s.Nanos("09:00")).Number("handled").Should().Be(1);
        replayer.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(0);
    }

    [Fact]
    public void Max_wrap_deadline_in_the_next_interval_handles_the_leg_there_and_splits_the_wrap()
    {
        // Connection ends 09:14 (talk 09:13-09:14 = 60); deadline 09:16: wrap 60 in 09:00, 60 in 09:15; handled in 09:15, aht 180.
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:13").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:14").Ended("c1").At("09:20").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("wrap_s").Should().Be(60);
        replayer.Agent("a1", s.Nanos("09:00")).Number("handled").Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:15")).Number("wrap_s").Should().Be(60);
        replayer.Agent("a1", s.Nanos("09:15")).Number("handled").Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:15")).Number("aht_s").Should().Be(180);
        replayer.Queue("sales", s.Nanos("09:15")).Number("aht_s").Should().Be(180);
    }

    [Fact]
    public void AgentState_during_a_connection_does_not_end_it_and_applies_once_the_agent_is_free()
    {
        // not_ready chosen at 09:02 while talking: talk 09:01-09:03 (120) continues, wrap -09:03:30 (30);
        // available 09:00-09:01 = 60, not_ready 09:03:30-09:10 = 390.
        var s = A1TalkingFrom0901().At("09:02").State("a1", "not_ready").At("09:03").Ended("c1", "a1").At("09:03:30").WrapEnded("c1", "a1")
            .At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("available_s").Should().Be(60);
        a1.Number("not_ready_s").Should().Be(390);
    }

    [Fact]
    public void AgentState_ends_the_wrap_of_one_leg_but_not_the_connection_of_another()
    {
        // c1: talk 09:01-09:03, wrap 09:03-09:04 (ended by agent.state at 09:04): handle 180.
        // c2: answered 09:02:30, talk to 09:06 (210), wrap -09:06:30 (30): handle 240. busy 09:01-09:06:30 = 330.
        var s = A1TalkingFrom0901().At("09:02:30").Queued("c2", "sales").Answered("c2", "a1").At("09:03").Ended("c1")
            .At("09:04").State("a1", "available").At("09:06").Ended("c2").At("09:06:30").WrapEnded("c2", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(2);
        a1.Number("aht_s").Should().Be(210);
        a1.Number("talk_s").Should().Be(330);
        a1.Number("wrap_s").Should().Be(90);
        a1.Number("busy_s").Should().Be(330);
    }

    [Fact]
    public void Logout_ends_the_wrap_of_one_leg_with_wrap_and_the_connection_of_another_without_wrap()
    {
        // c1: talk 09:01-09:03, wrap 09:03-09:04 (logout): handle 180. c2: talk 09:02-09:04 (120), no wrap: handle 120.
        var s = A1TalkingFrom0901().At("09:02").Queued("c2", "sales").Answered("c2", "a1").At("09:03").Ended("c1")
            .At("09:04").Logout("a1");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(2);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("wrap_s").Should().Be(60);
        a1.Number("busy_s").Should().Be(180);
        replayer.Engine.SessionCounters[Anomaly.LogoutDuringCall].Should().Be(1);
    }

    [Fact]
    public void Max_wrap_of_zero_ends_the_wrap_with_the_connection()
    {
        // max_wrap 0: handle = talk 120; the agent is available again from 09:03: available 60 + 420 = 480.
        var s = A1TalkingFrom0901().At("09:03").Ended("c1", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s, new MetricsOptions { MaxWrap = TimeSpan.Zero }).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("aht_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(0);
        a1.Number("available_s").Should().Be(480);
    }
}
