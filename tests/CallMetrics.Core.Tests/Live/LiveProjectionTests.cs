using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Live;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Live;

/// <summary>
/// The live views of the sessions: each agent's status and since when, and its activity (talk, hold, wrap) and
/// since when, for the wallboard's agent cards; waiting calls; recent abandons.
/// </summary>
public sealed class LiveProjectionTests
{
    // No lateness: every event is applied as it is accepted, so the views show the scenario up to its last event.
    private static readonly MetricsOptions Options = new() { Lateness = TimeSpan.Zero };

    [Fact]
    public void An_agent_seen_only_through_a_logout_is_listed_logged_out_since_the_logout()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:42:10").Logout("a2");

        var a2 = Views(s)["a2"];

        a2.Status.Should().Be(AgentStatus.LoggedOut);
        a2.Since.Should().Be(s.Nanos("09:42:10"));
        a2.ActivitySince.Should().Be(s.Nanos("09:42:10"));
        a2.Activity.Should().BeEmpty();
    }

    [Fact]
    public void An_agent_first_seen_through_a_survey_is_logged_out_since_then_and_a_later_logout_does_not_move_it()
    {
        var s = Scenario.Create().At("09:00").Survey("c9", 5, agent: "a2").At("09:05").Logout("a2");

        Views(s)["a2"].Since.Should().Be(s.Nanos("09:00"));
    }

    [Theory]
    [InlineData("09:01:30", "talk", "09:01")]
    [InlineData("09:03:30", "hold", "09:03")]
    [InlineData("09:04:30", "talk", "09:04")]
    [InlineData("09:05:30", "wrap", "09:05")]
    [InlineData("09:06:30", "", "09:06")]
    public void The_activity_starts_at_each_answer_hold_retrieve_connection_end_and_wrap_end(string at, string activity, string since)
    {
        var s = Scenario.Create().At("09:00").Login("a1", state: "available").At("09:00:30").Queued("c1", "sales")
            .At("09:01").Answered("c1", "a1").At("09:03").Held("c1", "a1").At("09:04").Retrieved("c1", "a1")
            .At("09:05").Ended("c1").At("09:06").WrapEnded("c1", "a1");

        var a1 = Views(s, until: s.Nanos(at))["a1"];

        a1.Activity.Should().Be(activity);
        a1.ActivitySince.Should().Be(s.Nanos(since));
        a1.Status.Should().Be(activity.Length > 0 ? AgentStatus.Busy : AgentStatus.Available);
        a1.Since.Should().Be(s.Nanos(activity.Length > 0 ? "09:01" : "09:06"), "busy from the answer to the end of wrap");
    }

    [Fact]
    public void The_activity_start_is_not_moved_by_window_boundaries()
    {
        // Talk from 09:01 across the 09:15 interval end and every 1-minute rolling step, where its time is accrued.
        var s = Scenario.Create().At("09:00").Login("a1").At("09:01").Answered("c1", "a1").At("09:20").Login("a2");
        var options = Options with { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

        var a1 = Views(s, options: options)["a1"];

        a1.Activity.Should().Be("talk");
        a1.ActivitySince.Should().Be(s.Nanos("09:01"));
    }

    [Fact]
    public void With_overlapping_legs_the_leg_that_changed_last_gives_the_activity()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:01").Answered("c1", "a1").At("09:02").Answered("c2", "a1");
        var twoCalls = Views(s)["a1"];
        s.At("09:03").Held("c1", "a1");
        var heldFirst = Views(s)["a1"];
        s.At("09:04").Ended("c2");
        var endedSecond = Views(s)["a1"];

        (twoCalls.Activity, twoCalls.ActivitySince).Should().Be(("talk", s.Nanos("09:02")));
        (heldFirst.Activity, heldFirst.ActivitySince).Should().Be(("hold", s.Nanos("09:03")), "the first call was put on hold after the second was answered");
        (endedSecond.Activity, endedSecond.ActivitySince).Should().Be(("wrap", s.Nanos("09:04")));
    }

    [Fact]
    public void When_the_last_leg_completes_the_remaining_legs_start_gives_the_activity()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:01").Answered("c1", "a1").At("09:02").Answered("c2", "a1")
            .At("09:03").Ended("c2").At("09:04").WrapEnded("c2", "a1");

        var a1 = Views(s)["a1"];

        (a1.Activity, a1.ActivitySince).Should().Be(("talk", s.Nanos("09:01")));
    }

    [Fact]
    public void A_not_ready_agents_activity_is_empty_and_starts_with_its_status()
    {
        var s = Scenario.Create().At("09:00").Login("a1", state: "available").At("09:10").State("a1", "not_ready", reason: "break")
            .At("09:12").State("a1", "not_ready", reason: "lunch");

        var a1 = Views(s)["a1"];

        a1.Status.Should().Be(AgentStatus.NotReady);
        a1.Reason.Should().Be("lunch");
        a1.Since.Should().Be(s.Nanos("09:10"));
        a1.ActivitySince.Should().Be(s.Nanos("09:10"));
        a1.Activity.Should().BeEmpty();
    }

    [Fact]
    public void Waiting_calls_and_recent_abandons_name_their_queue()
    {
        var s = Scenario.Create().At("09:00").Queued("c1", "sales").At("09:01").Queued("c2", "support").At("09:02").Ended("c2");
        var (engine, symbols) = Run(s, Options, long.MaxValue);

        engine.WaitingCalls(symbols).Should().Equal(new WaitingCallView("default", "c1", "sales", s.Nanos("09:00")));
        engine.RecentAbandons(symbols).Should().Equal(new AbandonView("default", "c2", "support", s.Nanos("09:02"), 60_000_000_000, IsShort: false));
    }

    [Fact]
    public void A_recent_abandon_keeps_its_call_name_after_the_call_id_is_released()
    {
        // The live view's engine shares the graph's symbol table, whose engines release a call's id once the call is
        // long over, while the abandon is still listed.
        var s = Scenario.Create().At("09:01").Queued("c2", "support").At("09:02").Ended("c2");
        var (engine, symbols) = Run(s, Options, long.MaxValue, withNames: true);
        symbols.TryGet("default\u0001c2", out var call).Should().BeTrue();

        symbols.Release(call);

        symbols[call].Should().Be(SymbolTable.ReleasedName);
        engine.RecentAbandons(symbols).Should().Equal(new AbandonView("default", "c2", "support", s.Nanos("09:02"), 60_000_000_000, IsShort: false));
    }

    private static Dictionary<string, AgentView> Views(Scenario scenario, long until = long.MaxValue, MetricsOptions? options = null)
    {
        var (engine, symbols) = Run(scenario, options ?? Options, until);
        return engine.Agents(symbols).ToDictionary(a => a.Agent);
    }

    private static (MetricsEngine Engine, SymbolTable Symbols) Run(Scenario scenario, MetricsOptions options, long until, bool withNames = false)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(options, new NullSink(), names: withNames ? symbols : null);
        foreach (var line in scenario.Lines)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
            if (e.Timestamp <= until)
            {
                engine.Accept(e);
            }
        }

        return (engine, symbols);
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
