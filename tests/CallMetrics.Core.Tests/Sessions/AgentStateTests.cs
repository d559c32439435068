using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>METRICS.md "Segments" (busy, available, not_ready, logged_in), logout and team/tenant keys.</summary>
public sealed class AgentStateTests
{
    [Fact]
    public void Login_without_state_is_available_until_logout()
    {
        // 09:00-09:10 available: available 600, logged in 600, occupancy 0/600 = 0, utilization 0/600 = 0.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("available_s").Should().Be(600);
        a1.Number("not_ready_s").Should().Be(0);
        a1.Number("busy_s").Should().Be(0);
        a1.Number("logged_in_s").Should().Be(600);
        a1.Number("occupancy").Should().Be(0);
        a1.Number("utilization").Should().Be(0);
    }

    [Fact]
    public void Login_not_ready_counts_not_ready_and_omits_occupancy()
    {
        // not_ready 600; occupancy = 0/(0 + 0): omitted; utilization = 0/600 = 0: written.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue", state: "not_ready").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("not_ready_s").Should().Be(600);
        a1.Number("available_s").Should().Be(0);
        a1.Has("occupancy").Should().BeFalse();
        a1.Number("utilization").Should().Be(0);
    }

    [Fact]
    public void AgentState_switches_between_available_and_not_ready()
    {
        // available 09:00-09:04 (240) + 09:07-09:10 (180) = 420; not_ready 09:04-09:07 = 180.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:04").State("a1", "not_ready", "break")
            .At("09:07").State("a1", "available").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("available_s").Should().Be(420);
        a1.Number("not_ready_s").Should().Be(180);
        a1.Number("logged_in_s").Should().Be(600);
    }

    [Fact]
    public void Busy_time_is_not_available_or_not_ready_time()
    {
        // not_ready from 09:00; c1 talk 09:01-09:03, wrap -09:03:30: busy 150 out of not_ready, not_ready 600 - 150 = 450.
        // occupancy = 150/(150 + 0) = 1; utilization = 150/600 = 0.25.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue", state: "not_ready").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("busy_s").Should().Be(150);
        a1.Number("not_ready_s").Should().Be(450);
        a1.Number("occupancy").Should().Be(1);
        a1.Number("utilization").Should().Be(0.25);
    }

    /// <summary>
    /// a1 logged in 09:00; c1 answered 09:01, talk 09:01-09:02 (60), hold 09:02-09:02:20 (20), talk -09:03 (40);
    /// a1 logs out at 09:03 during the call. The caller hangs up at 09:04.
    /// </summary>
    private static Scenario LogoutMidCall() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:00:50").Queued("c1", "sales").At("09:01").Answered("c1", "a1")
            .At("09:02").Held("c1", "a1").At("09:02:20").Retrieved("c1", "a1").At("09:03").Logout("a1").At("09:04").Ended("c1");

    [Fact]
    public void Logout_mid_call_handles_the_leg_at_logout_with_talk_plus_hold_and_no_wrap()
    {
        // handle = talk 100 + hold 20 = 120, wrap 0; logged in 09:00-09:03 = 180, busy 120, available 60.
        var s = LogoutMidCall();
        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("aht_s").Should().Be(120);
        a1.Number("talk_s").Should().Be(100);
        a1.Number("hold_s").Should().Be(20);
        a1.Number("wrap_s").Should().Be(0);
        a1.Number("busy_s").Should().Be(120);
        a1.Number("logged_in_s").Should().Be(180);
    }

    [Fact]
    public void Logout_mid_call_is_counted_as_an_anomaly()
    {
        Replayer.Run(LogoutMidCall()).Engine.SessionCounters[Anomaly.LogoutDuringCall].Should().Be(1);
    }

    [Fact]
    public void Logout_mid_call_the_later_call_ended_is_not_an_abandon()
    {
        // The leg ended at the logout; call.ended at 09:04 finds no agent and no waiting visit: no abandon.
        var s = LogoutMidCall();
        var replayer = Replayer.Run(s);
        var sales = replayer.Queue("sales", s.Nanos("09:00"));

        sales.Number("abandoned").Should().Be(0);
        sales.Number("short_abandoned").Should().Be(0);
        sales.Number("answered").Should().Be(1);
        sales.Number("handled").Should().Be(1);
        sales.Number("aht_s").Should().Be(120);
    }

    [Fact]
    public void Leg_answered_by_an_agent_not_logged_in_is_tracked_without_busy_or_logged_in_time()
    {
        // a1 never logs in: talk 09:01:10-09:03:10 (120), wrap -09:03:40 (30): handled 1, aht 150;
        // busy, available, logged_in 0; occupancy and utilization omitted (0/0).
        var s = Scenario.Create().At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03:10").Ended("c1").At("09:03:40").WrapEnded("c1", "a1").At("09:10").Arrived("c2");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(1);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("talk_s").Should().Be(120);
        a1.Number("wrap_s").Should().Be(30);
        a1.Number("busy_s").Should().Be(0);
        a1.Number("available_s").Should().Be(0);
        a1.Number("logged_in_s").Should().Be(0);
        a1.Has("occupancy").Should().BeFalse();
        a1.Has("utilization").Should().BeFalse();
    }

    [Fact]
    public void Team_tag_follows_the_team_of_each_login_so_a_new_team_mid_window_gives_two_agent_lines()
    {
        // blue 09:00-09:05 (300), green 09:07-09:10 (180): two a1 lines and two team lines in 09:00.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Logout("a1")
            .At("09:07").Login("a1", team: "green").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var lines = replayer.All("agent_metrics").Where(l => l.Tag("agent") == "a1").ToList();

        lines.Should().HaveCount(2);
        lines.Single(l => l.Tag("team") == "blue").Number("logged_in_s").Should().Be(300);
        lines.Single(l => l.Tag("team") == "green").Number("logged_in_s").Should().Be(180);
        replayer.Team("blue", s.Nanos("09:00")).Number("logged_in_s").Should().Be(300);
        replayer.Team("green", s.Nanos("09:00")).Number("logged_in_s").Should().Be(180);
        replayer.Tenant(s.Nanos("09:00")).Number("logged_in_s").Should().Be(480);
    }

    [Fact]
    public void Team_login_without_team_keeps_the_last_known_team()
    {
        // blue 09:00-09:05 (300), then a login without team 09:07-09:10 (180): still blue, one line of 480.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Logout("a1")
            .At("09:07").Login("a1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Tag("team").Should().Be("blue");
        a1.Number("logged_in_s").Should().Be(480);
    }

    [Fact]
    public void Team_counts_accrue_under_the_team_at_the_instant_they_complete()
    {
        // a1 (blue) answers at 09:01, call ends 09:03; a1 logs out 09:03:10 (wrap 10, handled at logout under blue)...
        // then logs in as green at 09:04 and handles c2 (talk 09:05-09:06, wrap -09:06:30) under green.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:10").Logout("a1").At("09:04").Login("a1", team: "green")
            .At("09:05").Queued("c2", "sales").Answered("c2", "a1").At("09:06").Ended("c2").At("09:06:30").WrapEnded("c2", "a1")
            .At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Team("blue", t).Number("handled").Should().Be(1);
        replayer.Team("blue", t).Number("aht_s").Should().Be(130);
        replayer.Team("green", t).Number("handled").Should().Be(1);
        replayer.Team("green", t).Number("aht_s").Should().Be(90);
    }

    [Fact]
    public void Agent_without_team_has_an_agent_line_without_team_tag_no_team_line_and_counts_in_the_tenant()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        var a1 = replayer.Agent("a1", s.Nanos("09:00"));

        a1.Tag("team").Should().BeNull();
        a1.Number("logged_in_s").Should().Be(600);
        replayer.All("team_metrics").Should().BeEmpty();
        replayer.Tenant(s.Nanos("09:00")).Number("logged_in_s").Should().Be(600);
    }

    [Fact]
    public void Tenants_are_kept_apart_for_the_same_agent_id()
    {
        // a1 in t1 09:00-09:10 (600), a1 in t2 09:05-09:10 (300): two agents, two tenant lines.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue", tenant: "t1").At("09:05").Login("a1", team: "blue", tenant: "t2")
            .At("09:10").Logout("a1", tenant: "t1").Logout("a1", tenant: "t2");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        var agents = replayer.All("agent_metrics");
        agents.Should().HaveCount(2);
        agents.Single(l => l.Tag("tenant") == "t1").Number("logged_in_s").Should().Be(600);
        agents.Single(l => l.Tag("tenant") == "t2").Number("logged_in_s").Should().Be(300);
        replayer.Tenant(t, "t1").Number("logged_in_s").Should().Be(600);
        replayer.Tenant(t, "t2").Number("logged_in_s").Should().Be(300);
        replayer.Engine.SessionCounters[Anomaly.LoginWhileLoggedIn].Should().Be(0);
    }

    [Fact]
    public void Tenants_are_kept_apart_for_the_same_call_id()
    {
        // c1 in t1 waits 10 s and abandons; c1 in t2 waits 40 s and abandons: one abandon per tenant with its own wait.
        var s = Scenario.Create().At("09:01").Queued("c1", "sales", tenant: "t1").At("09:01:10").Ended("c1", tenant: "t1")
            .At("09:02").Queued("c1", "sales", tenant: "t2").At("09:02:40").Ended("c1", tenant: "t2");
        var replayer = Replayer.Run(s);
        var queues = replayer.All("queue_metrics");

        queues.Should().HaveCount(2);
        queues.Single(l => l.Tag("tenant") == "t1").Number("max_wait_s").Should().Be(10);
        queues.Single(l => l.Tag("tenant") == "t2").Number("max_wait_s").Should().Be(40);
        queues.Should().OnlyContain(l => l.Number("offered") == 1 && l.Number("abandoned") == 1);
    }

    [Fact]
    public void Logout_while_logged_out_is_an_anomaly_and_changes_nothing()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Logout("a1").At("09:06").Logout("a1").At("09:10").Arrived("c9");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("logged_in_s").Should().Be(300);
        replayer.Engine.SessionCounters[Anomaly.LogoutWhileLoggedOut].Should().Be(1);
    }

    [Fact]
    public void Tenants_keep_login_state_apart_so_an_agent_logged_in_elsewhere_is_not_logged_in_here()
    {
        // a1 is logged in in t1 only; a1 answers a call in t2: the t2 leg is tracked without busy time,
        // and t1's a1 stays available (not busy) 09:00-09:10.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue", tenant: "t1")
            .At("09:01").Queued("c1", "sales", tenant: "t2").Answered("c1", "a1", tenant: "t2")
            .At("09:03").Ended("c1", tenant: "t2").At("09:03:30").WrapEnded("c1", "a1", tenant: "t2").At("09:10").Logout("a1", tenant: "t1");
        var agents = Replayer.Run(s).All("agent_metrics");

        var inT1 = agents.Single(l => l.Tag("tenant") == "t1");
        var inT2 = agents.Single(l => l.Tag("tenant") == "t2");
        inT1.Number("available_s").Should().Be(600);
        inT1.Number("busy_s").Should().Be(0);
        inT1.Number("handled").Should().Be(0);
        inT2.Number("handled").Should().Be(1);
        inT2.Number("busy_s").Should().Be(0);
        inT2.Number("logged_in_s").Should().Be(0);
    }

    [Fact]
    public void AgentState_while_logged_out_is_an_anomaly_and_accrues_no_time()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Logout("a1").At("09:06").State("a1", "available")
            .At("09:10").Arrived("c9");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("logged_in_s").Should().Be(300);
        replayer.Engine.SessionCounters[Anomaly.StateWhileLoggedOut].Should().Be(1);
    }

    [Fact]
    public void Login_at_an_interval_boundary_accrues_from_the_later_window()
    {
        var s = Scenario.Create().At("09:15").Login("a1", team: "blue").At("09:20").Logout("a1");

        Replayer.Run(s).All("agent_metrics").Should().ContainSingle().Which.Timestamp.Should().Be(s.Nanos("09:15"));
    }
}
