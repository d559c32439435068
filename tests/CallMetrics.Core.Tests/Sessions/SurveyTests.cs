using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>METRICS.md: surveys and csat; "A survey without agent_id is credited to the last agent connected".</summary>
public sealed class SurveyTests
{
    /// <summary>a1 then a2 (straight transfer) on c1, both blue; the call ends 09:05, a2 wraps to 09:05:20.</summary>
    private static Scenario TwoAgentsOnC1() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "blue")
            .At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03").Transferred("c1", "a1", toAgent: "a2").At("09:03:10").Answered("c1", "a2")
            .At("09:03:30").WrapEnded("c1", "a1").At("09:05").Ended("c1").At("09:05:20").WrapEnded("c1", "a2");

    [Fact]
    public void Survey_naming_an_agent_is_credited_to_that_agent()
    {
        var s = TwoAgentsOnC1().At("09:06").Survey("c1", 2, agent: "a1").At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Agent("a1", t).Number("surveys").Should().Be(1);
        replayer.Agent("a1", t).Number("csat").Should().Be(2);
        replayer.Agent("a2", t).Number("surveys").Should().Be(0);
        replayer.Agent("a2", t).Has("csat").Should().BeFalse();
    }

    [Fact]
    public void Survey_without_agent_is_credited_to_the_last_connected_agent_after_the_call_ended()
    {
        var s = TwoAgentsOnC1().At("09:06").Survey("c1", 5).At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Agent("a2", t).Number("surveys").Should().Be(1);
        replayer.Agent("a2", t).Number("csat").Should().Be(5);
        replayer.Agent("a1", t).Number("surveys").Should().Be(0);
    }

    [Fact]
    public void Survey_without_agent_during_the_call_is_credited_to_the_connected_agent()
    {
        // Survey at 09:02 while a1 is connected (before the transfer).
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:02").Survey("c1", 3).At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("surveys").Should().Be(1);
        a1.Number("csat").Should().Be(3);
    }

    [Fact]
    public void Survey_counts_in_the_window_of_the_survey_even_when_the_call_was_in_an_earlier_window()
    {
        // Call in 09:00; survey at 09:20 (interval 09:15): a2's 09:15 line exists because of the count (no time: a2 logged out).
        var s = TwoAgentsOnC1().At("09:10").Logout("a1").Logout("a2").At("09:20").Survey("c1", 4);
        var replayer = Replayer.Run(s);

        var a2Late = replayer.Agent("a2", s.Nanos("09:15"));
        a2Late.Number("surveys").Should().Be(1);
        a2Late.Number("csat").Should().Be(4);
        a2Late.Number("logged_in_s").Should().Be(0);
        replayer.Agent("a2", s.Nanos("09:00")).Number("surveys").Should().Be(0);
        replayer.Team("blue", s.Nanos("09:15")).Number("surveys").Should().Be(1);
        replayer.Tenant(s.Nanos("09:15")).Number("csat").Should().Be(4);
    }

    [Fact]
    public void Survey_without_agent_on_a_call_never_connected_is_an_anomaly_and_credited_to_no_one()
    {
        // c1 abandons in sales; its survey names no agent and no agent was ever connected.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:30").Ended("c1")
            .At("09:02").Survey("c1", 1).At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Engine.SessionCounters[Anomaly.SurveyWithoutAgent].Should().Be(1);
        replayer.Agent("a1", s.Nanos("09:00")).Number("surveys").Should().Be(0);
        replayer.Tenant(s.Nanos("09:00")).Number("surveys").Should().Be(0);
    }

    [Fact]
    public void Csat_is_the_mean_score_of_the_surveys_in_the_window()
    {
        // Two surveys for a1: 3 and 4: csat 3.5.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:02").Ended("c1").WrapEnded("c1", "a1").At("09:03").Queued("c2", "sales").Answered("c2", "a1").At("09:04").Ended("c2")
            .WrapEnded("c2", "a1").At("09:05").Survey("c1", 3).Survey("c2", 4).At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("surveys").Should().Be(2);
        a1.Number("csat").Should().Be(3.5);
    }

    [Fact]
    public void Survey_without_agent_hours_after_the_call_ended_is_still_credited_to_the_last_connected_agent()
    {
        // The call ended 09:05; the survey comes at 11:02 (interval 11:00), well within the 24 h retention.
        var s = TwoAgentsOnC1().At("09:10").Logout("a1").Logout("a2").At("11:02").Survey("c1", 4);
        var replayer = Replayer.Run(s);

        replayer.Agent("a2", s.Nanos("11:00")).Number("surveys").Should().Be(1);
        replayer.Engine.SessionCounters[Anomaly.SurveyWithoutAgent].Should().Be(0);
    }

    [Fact]
    public void Survey_naming_an_agent_for_a_call_not_seen_before_is_credited_to_that_agent()
    {
        // EVENTS.md: "the first event of an unknown call starts it"; the survey names a1.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:02").Survey("c1", 5, agent: "a1").At("09:10").Logout("a1");

        var a1 = Replayer.Run(s).Agent("a1", s.Nanos("09:00"));

        a1.Number("surveys").Should().Be(1);
        a1.Number("csat").Should().Be(5);
    }

    [Fact]
    public void Survey_without_agent_after_the_call_went_back_to_a_queue_and_was_abandoned_is_credited_to_the_last_connected_agent()
    {
        // a1 talks, transfers to support; the caller abandons in support; the survey names no agent: a1.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:02").Transferred("c1", "a1").At("09:02:10").Queued("c1", "support").At("09:02:40").Ended("c1")
            .At("09:03").WrapEnded("c1", "a1").At("09:04").Survey("c1", 2).At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("surveys").Should().Be(1);
        replayer.Queue("support", s.Nanos("09:00")).Number("abandoned").Should().Be(1);
    }

    [Fact]
    public void Survey_counts_under_the_team_of_the_agent_at_the_survey()
    {
        // a1 handles c1 as blue, then logs in again as green; the survey at 09:08 counts for green.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").Answered("c1", "a1")
            .At("09:02").Ended("c1").WrapEnded("c1", "a1").At("09:03").Logout("a1").At("09:04").Login("a1", team: "green")
            .At("09:08").Survey("c1", 3).At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Team("green", s.Nanos("09:00")).Number("surveys").Should().Be(1);
        replayer.Team("blue", s.Nanos("09:00")).Number("surveys").Should().Be(0);
    }
}
