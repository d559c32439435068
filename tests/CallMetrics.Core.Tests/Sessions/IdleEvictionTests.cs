using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// Idle eviction (docs/DECISIONS.md "Idle eviction"): calls with no event for the idle timeout leave, their
/// connection ending to wrap; logged-out agents with nothing open leave after the same time, their team kept.
/// </summary>
public sealed class IdleEvictionTests
{
    private static readonly MetricsOptions Options = new() { IdleTimeout = TimeSpan.FromHours(1) };

    private readonly SymbolTable _symbols = new();

    [Fact]
    public void A_call_idle_for_the_timeout_is_evicted_its_agent_goes_to_wrap_and_it_is_remembered_for_surveys()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:01").Queued("c1", "sales").At("09:02").Answered("c1", "a1");
        var sessionizer = Apply(s);
        var a1 = Agent(sessionizer, "a1");
        var c1 = sessionizer.Store.Calls.Values.Single().Call;

        sessionizer.Eviction.Evict(s.Nanos("10:02") + 1);

        sessionizer.OpenCallCount.Should().Be(0);
        sessionizer.Counters[Anomaly.EvictedIdleCall].Should().Be(1);
        a1.Legs.Count.Should().Be(1);
        a1.Legs[0].Segment.Should().Be(LegSegment.Wrap);
        sessionizer.Store.LastAgentOf(a1.Tenant, c1).Should().BeSameAs(a1);
    }

    [Fact]
    public void A_call_whose_last_event_is_exactly_the_timeout_ago_stays()
    {
        var s = Scenario.Create().At("09:01").Queued("c1", "sales");
        var sessionizer = Apply(s);

        sessionizer.Eviction.Evict(s.Nanos("10:01"));

        sessionizer.OpenCallCount.Should().Be(1);
    }

    [Fact]
    public void A_logged_out_agent_with_nothing_open_leaves_and_its_team_is_kept_for_its_next_login()
    {
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:10").Logout("a1");
        var sessionizer = Apply(s);

        sessionizer.Eviction.Evict(s.Nanos("10:10") + 1);
        var back = sessionizer.Store.GetOrCreateAgent(_symbols.Intern("default"), _symbols.Intern("a1"), s.Nanos("12:00"));

        sessionizer.Counters.AgentsEvicted.Should().Be(1);
        _symbols[back.Team].Should().Be("blue");
    }

    [Fact]
    public void An_agent_still_logged_in_stays_however_long_it_was_quiet()
    {
        var s = Scenario.Create().At("09:00").Login("a1");
        var sessionizer = Apply(s);

        sessionizer.Eviction.Evict(s.Nanos("18:00"));

        sessionizer.AgentCount.Should().Be(1);
        sessionizer.Counters.AgentsEvicted.Should().Be(0);
    }

    [Fact]
    public void Scans_run_at_boundaries_a_quarter_of_the_timeout_apart()
    {
        var s = Scenario.Create().At("09:00").Queued("c1", "sales");
        var sessionizer = Apply(s);
        var eviction = sessionizer.Eviction;

        eviction.AtBoundary(s.Nanos("09:15"));
        var afterFirst = (eviction.NextScan, sessionizer.OpenCallCount);
        eviction.AtBoundary(s.Nanos("10:15"));

        afterFirst.Should().Be((s.Nanos("09:30"), 1));
        eviction.NextScan.Should().Be(s.Nanos("10:30"));
        sessionizer.OpenCallCount.Should().Be(0, "the scan at 10:15 found c1 idle since 09:00");
    }

    [Fact]
    public void A_boundary_before_the_next_scan_evicts_nothing()
    {
        var s = Scenario.Create().At("09:00").Queued("c1", "sales");
        var sessionizer = Apply(s);
        var eviction = sessionizer.Eviction;
        eviction.NextScan = s.Nanos("11:00");

        eviction.AtBoundary(s.Nanos("10:45"));

        sessionizer.OpenCallCount.Should().Be(1, "c1 is idle, but no scan is due");
        eviction.NextScan.Should().Be(s.Nanos("11:00"));
    }

    private AgentSession Agent(Sessionizer sessionizer, string name) =>
        sessionizer.Store.Agents.Get(_symbols.Intern("default"), _symbols.Intern(name))!;

    private Sessionizer Apply(Scenario scenario)
    {
        var decoder = new EventDecoder(_symbols);
        var sessionizer = new Sessionizer(Options, new NullSink());
        foreach (var line in scenario.Lines)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
            sessionizer.Apply(e);
        }

        return sessionizer;
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
