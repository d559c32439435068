using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Windows;

/// <summary>METRICS.md "Fields": team and tenant lines sum their members and recompute ratios from the sums.</summary>
public sealed class AggregationTests
{
    /// <summary>
    /// a1 (blue) handles c1: talk 09:01:10-09:02:40 (90) + wrap 10 = 100. a2 (blue) handles c2, c3, c4 one after the other:
    /// each talk 180 + wrap 20 = 200. c1 waits 10 s in sales; c2, c3, c4 wait 40 s each in support. Surveys: a1 5; a2 2 and 3.
    /// Both logged in 09:00-09:14 (840 s each).
    /// </summary>
    private static Scenario UnevenTeam() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "blue")
            .At("09:00:20").Queued("c2", "support")
            .At("09:01").Queued("c1", "sales").Answered("c2", "a2")
            .At("09:01:10").Answered("c1", "a1")
            .At("09:02:40").Ended("c1").At("09:02:50").WrapEnded("c1", "a1").At("09:03").Survey("c1", 5)
            .At("09:04").Ended("c2").Queued("c3", "support").At("09:04:20").WrapEnded("c2", "a2").At("09:04:40").Answered("c3", "a2")
            .At("09:07:30").Queued("c4", "support").At("09:07:40").Ended("c3").At("09:08").WrapEnded("c3", "a2").At("09:08:10").Answered("c4", "a2")
            .At("09:11:10").Ended("c4").At("09:11:30").WrapEnded("c4", "a2")
            .At("09:12").Survey("c2", 2).Survey("c3", 3).At("09:14").Logout("a1").Logout("a2");

    [Fact]
    public void Team_aht_is_the_sum_of_handle_over_the_sum_of_handled_not_a_mean_of_means()
    {
        // (100 + 3 x 200) / 4 = 175 (a mean of the agents' aht would be 150).
        var s = UnevenTeam();

        Replayer.Run(s).Team("blue", s.Nanos("09:00")).Number("aht_s").Should().Be(175);
    }

    [Fact]
    public void Team_csat_is_the_sum_of_scores_over_the_sum_of_surveys()
    {
        // (5 + 2 + 3) / 3 = 3.333... (a mean of the agents' csat would be 3.75).
        var s = UnevenTeam();
        var blue = Replayer.Run(s).Team("blue", s.Nanos("09:00"));

        blue.Number("surveys").Should().Be(3);
        blue.Number("csat").Should().BeApproximately(10.0 / 3, 1e-9);
    }

    [Fact]
    public void Tenant_asa_is_the_sum_of_waits_over_the_sum_of_answers()
    {
        // (10 + 3 x 40) / 4 = 32.5 (a mean of the queues' asa would be 25).
        var s = UnevenTeam();

        Replayer.Run(s).Tenant(s.Nanos("09:00")).Number("asa_s").Should().Be(32.5);
    }

    [Fact]
    public void Tenant_service_level_is_recomputed_from_the_summed_queue_counts()
    {
        // Within 20 s: c1 only. 1 / 4 = 0.25.
        var s = UnevenTeam();

        Replayer.Run(s).Tenant(s.Nanos("09:00")).Number("service_level").Should().Be(0.25);
    }

    [Fact]
    public void Tenant_occupancy_and_utilization_are_recomputed_from_the_summed_agent_times()
    {
        // busy a1 100, a2 600 = 700; logged in 2 x 840 = 1680; available 1680 - 700 = 980.
        // occupancy 700 / (700 + 980) = 700/1680; utilization 700/1680.
        var s = UnevenTeam();
        var tenant = Replayer.Run(s).Tenant(s.Nanos("09:00"));

        tenant.Number("busy_s").Should().Be(700);
        tenant.Number("logged_in_s").Should().Be(1680);
        tenant.Number("occupancy").Should().BeApproximately(700.0 / 1680, 1e-9);
        tenant.Number("utilization").Should().BeApproximately(700.0 / 1680, 1e-9);
    }

    [Fact]
    public void Tenant_includes_agents_with_and_without_team()
    {
        // a1 (blue) 600 s, a2 (no team) 300 s: tenant logged in 900; team blue only 600.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:05").Login("a2").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);

        replayer.Tenant(s.Nanos("09:00")).Number("logged_in_s").Should().Be(900);
        replayer.Team("blue", s.Nanos("09:00")).Number("logged_in_s").Should().Be(600);
    }

    [Fact]
    public void No_lines_for_an_interval_that_starts_exactly_at_the_end_of_input()
    {
        // a1 logged in from 09:00; the last event is at 09:15:00: 09:15 has no time and no count, so no line.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:15").Arrived("c9");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("logged_in_s").Should().Be(900);
        replayer.Lines.Should().OnlyContain(l => l.Timestamp == s.Nanos("09:00"));
    }

    [Fact]
    public void No_line_for_a_logout_exactly_at_an_interval_boundary_in_the_later_interval()
    {
        var s = Scenario.Create().At("09:05").Login("a1", team: "blue").At("09:15").Logout("a1").At("09:20").Arrived("c9");
        var replayer = Replayer.Run(s);

        replayer.HasLine("agent_metrics", "agent", "a1", s.Nanos("09:15")).Should().BeFalse();
        replayer.Agent("a1", s.Nanos("09:00")).Number("logged_in_s").Should().Be(600);
    }

    [Fact]
    public void No_line_for_a_login_and_logout_at_the_same_instant()
    {
        var s = Scenario.Create().At("09:05").Login("a1", team: "blue").Logout("a1").At("09:20").Arrived("c9");

        Replayer.Run(s).All("agent_metrics").Should().BeEmpty();
    }
}
