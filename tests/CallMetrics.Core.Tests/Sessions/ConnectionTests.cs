using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>METRICS.md "Segments" (talk, hold) and the connection rules of "Precise rules".</summary>
public sealed class ConnectionTests
{
    private static Scenario A1AndA2LoggedInAndC1WaitingFrom0901() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "blue").At("09:01").Queued("c1", "sales");

    [Fact]
    public void Hold_runs_from_held_to_retrieved_and_is_not_talk()
    {
        // talk 09:01-09:02 (60) + 09:02:30-09:04 (90) = 150; hold 09:02-09:02:30 = 30; wrap -09:04:30 = 30; handle 210.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Held("c1", "a1").At("09:02:30").Retrieved("c1", "a1")
            .At("09:04").Ended("c1").At("09:04:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(150);
        a1.Number("hold_s").Should().Be(30);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("aht_s").Should().Be(210);
        a1.Number("busy_s").Should().Be(210);
    }

    [Fact]
    public void Hold_ends_with_the_connection()
    {
        // talk 09:01-09:02 = 60, hold 09:02 until the caller hangs up at 09:03 = 60, wrap 30: handle 150.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Held("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(60);
        a1.Number("hold_s").Should().Be(60);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("aht_s").Should().Be(150);
    }

    [Fact]
    public void Retrieved_when_not_on_hold_is_an_anomaly_and_changes_nothing()
    {
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Retrieved("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("hold_s").Should().Be(0);
        replayer.Engine.SessionCounters[Anomaly.RetrievedNotOnHold].Should().Be(1);
    }

    [Fact]
    public void Overlapping_legs_count_busy_once_while_talk_and_wrap_add_up_per_leg()
    {
        // c1: talk 09:01-09:04 (180), wrap -09:04:30 (30). c2 (answered while c1 is connected): talk 09:02-09:05 (180), wrap -09:05:30 (30).
        // talk_s 360, wrap_s 60, total 420; busy 09:01-09:05:30 = 270 only; available 600 - 270 = 330.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Queued("c2", "sales").Answered("c2", "a1")
            .At("09:04").Ended("c1").At("09:04:30").WrapEnded("c1", "a1").At("09:05").Ended("c2").At("09:05:30").WrapEnded("c2", "a1")
            .At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(360);
        a1.Number("wrap_s").Should().Be(60);
        a1.Number("busy_s").Should().Be(270);
        a1.Number("available_s").Should().Be(330);
        a1.Number("logged_in_s").Should().Be(600);
        a1.Number("handled").Should().Be(2);
        a1.Number("aht_s").Should().Be(210);
    }

    [Fact]
    public void Answered_while_another_agent_is_connected_sends_that_agent_to_wrap_without_a_transfer()
    {
        // a1 talks 09:01-09:03 (120); a2 answers at 09:03: a1 to wrap 09:03-09:03:30 (30), handle 150, no transfer.
        // a2 talks 09:03-09:05 (120), wraps -09:05:30 (30): handle 150.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:03").Answered("c1", "a2")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:05").Ended("c1").At("09:05:30").WrapEnded("c1", "a2")
            .At("09:10").Logout("a1").Logout("a2");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));
        var a2 = replayer.Agent("a2", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("transfers").Should().Be(0);
        a2.Number("talk_s").Should().Be(120);
        a2.Number("aht_s").Should().Be(150);
    }

    [Fact]
    public void Answered_by_the_connected_agent_again_is_ignored()
    {
        // The second answer at 09:02 changes nothing: one answer (wait 0) in sales, talk 09:01-09:03 = 120.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("handled").Should().Be(1);
        a1.Number("aht_s").Should().Be(150);
        replayer.Queue("sales", s.Nanos("09:00")).Number("answered").Should().Be(1);
        replayer.Engine.SessionCounters[Anomaly.AnsweredTwice].Should().Be(1);
    }

    [Fact]
    public void Queued_while_connected_ends_the_connection_to_wrap_without_a_transfer()
    {
        // a1 talks 09:01-09:03 (120); call.queued support at 09:03 ends the connection: wrap -09:03:30 (30).
        // support gets a new offered visit.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:03").Queued("c1", "support")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:04").Answered("c1", "a2").At("09:06").Ended("c1")
            .At("09:06:30").WrapEnded("c1", "a2").At("09:10").Logout("a1").Logout("a2");

        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("transfers").Should().Be(0);
        replayer.Queue("support", s.Nanos("09:00")).Number("offered").Should().Be(1);
        replayer.Queue("support", s.Nanos("09:00")).Number("asa_s").Should().Be(60);
    }

    [Fact]
    public void Queued_while_connected_sends_the_agent_to_wrap_so_the_caller_hanging_up_in_the_queue_abandons_there()
    {
        // a1 talks 09:01-09:03; the call is queued in support at 09:03 and hangs up at 09:03:30 (wait 30): support abandons 1.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:03").Queued("c1", "support")
            .At("09:03:30").Ended("c1").At("09:03:40").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var replayer = Replayer.Run(s);

        replayer.Queue("support", s.Nanos("09:00")).Number("abandoned").Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:00")).Number("talk_s").Should().Be(120);
        replayer.Agent("a1", s.Nanos("09:00")).Number("wrap_s").Should().Be(40);
    }

    [Fact]
    public void CallEnded_with_a_connected_agent_sends_that_agent_to_wrap()
    {
        // call.ended names no agent: a1 (connected) goes to wrap at 09:03 and max_wrap is not needed: wrap 09:03-09:03:30.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:03").Ended("c1")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("handled").Should().Be(1);
    }

    [Fact]
    public void Hold_ends_with_a_transfer()
    {
        // talk 09:01-09:02 (60), hold 09:02 to the transfer at 09:03 (60), wrap -09:03:30 (30): handle 150.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Held("c1", "a1")
            .At("09:03").Transferred("c1", "a1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(60);
        a1.Number("hold_s").Should().Be(60);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("transfers").Should().Be(1);
    }

    [Fact]
    public void Hold_ends_with_a_logout()
    {
        // talk 09:01-09:02 (60), hold 09:02-09:03 (60) ended by the logout: handle 120, no wrap.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Held("c1", "a1").At("09:03").Logout("a1")
            .At("09:10").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("hold_s").Should().Be(60);
        a1.Number("wrap_s").Should().Be(0);
        a1.Number("aht_s").Should().Be(120);
    }

    [Fact]
    public void Hold_across_an_interval_boundary_is_split_there()
    {
        // hold 09:14-09:16: 60 in 09:00 and 60 in 09:15.
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:13").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:14").Held("c1", "a1").At("09:16").Retrieved("c1", "a1").At("09:17").Ended("c1").WrapEnded("c1", "a1").At("09:20").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("hold_s").Should().Be(60);
        replayer.Agent("a1", s.Nanos("09:15")).Number("hold_s").Should().Be(60);
    }

    [Fact]
    public void Held_twice_is_an_anomaly_and_the_hold_runs_from_the_first()
    {
        // held 09:02 and again 09:02:30; retrieved 09:03: hold 60.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Held("c1", "a1").At("09:02:30").Held("c1", "a1")
            .At("09:03").Retrieved("c1", "a1").At("09:04").Ended("c1").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("hold_s").Should().Be(60);
        replayer.Engine.SessionCounters[Anomaly.HeldNotTalking].Should().Be(1);
    }

    [Fact]
    public void CallEnded_naming_another_agent_still_sends_the_connected_agent_to_wrap()
    {
        // EVENTS.md call.ended: "a connected agent goes to wrap". a1 is connected; call.ended names a2.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:03").Ended("c1", "a2")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("handled").Should().Be(1);
    }

    [Fact]
    public void Transfer_counts_in_the_window_of_the_transfer_while_the_leg_is_handled_where_its_wrap_ends()
    {
        // Transfer at 09:14:50 (in 09:00); wrap ends 09:15:20 (in 09:15).
        var s = Scenario.Create().At("09:10").Login("a1", team: "blue").At("09:13").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:14:50").Transferred("c1", "a1").At("09:15:20").WrapEnded("c1", "a1").At("09:16").Ended("c1").At("09:20").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("transfers").Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:15")).Number("transfers").Should().Be(0);
        replayer.Agent("a1", s.Nanos("09:15")).Number("handled").Should().Be(1);
    }

    [Fact]
    public void Answered_ends_all_of_the_agents_wraps()
    {
        // c1 talk 09:01-09:03, c2 talk 09:02-09:04; both in wrap; the answer of c3 at 09:05 ends both wraps.
        // wraps: c1 09:03-09:05 (120), c2 09:04-09:05 (60) -> wrap_s 180; no max_wrap timeouts.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Queued("c2", "sales").Answered("c2", "a1")
            .At("09:03").Ended("c1").At("09:04").Ended("c2").At("09:04:50").Queued("c3", "sales").At("09:05").Answered("c3", "a1")
            .At("09:06").Ended("c3").WrapEnded("c3", "a1").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(3);
        a1.Number("wrap_s").Should().Be(180);
        replayer.Engine.SessionCounters.WrapTimeouts.Should().Be(0);
    }

    [Fact]
    public void WrapEnded_naming_another_agent_does_not_end_this_agents_wrap()
    {
        // a1 wraps from 09:03; a wrap.ended for c1 naming a2 (never on the call) at 09:03:10 is ignored; a1's wrap.ended 09:03:40.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:03").Ended("c1").At("09:03:10").WrapEnded("c1", "a2")
            .At("09:03:40").WrapEnded("c1", "a1").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("wrap_s").Should().Be(40);
        replayer.Engine.SessionCounters[Anomaly.WrapEndedNotInWrap].Should().Be(1);
    }

    [Fact]
    public void CallEnded_naming_an_agent_while_the_call_waits_is_still_an_abandon()
    {
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().At("09:01:30").Ended("c1", "a1").At("09:10").Logout("a1").Logout("a2");

        Replayer.Run(s).Queue("sales", s.Nanos("09:00")).Number("abandoned").Should().Be(1);
    }

    [Fact]
    public void Queued_while_on_hold_ends_the_hold_with_the_connection()
    {
        // talk 09:01-09:02 (60), hold 09:02-09:03 (60) ended by call.queued at 09:03, wrap -09:03:30.
        var s = A1AndA2LoggedInAndC1WaitingFrom0901().Answered("c1", "a1").At("09:02").Held("c1", "a1").At("09:03").Queued("c1", "support")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:04").Ended("c1").At("09:10").Logout("a1").Logout("a2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("hold_s").Should().Be(60);
        a1.Number("aht_s").Should().Be(150);
    }
}
