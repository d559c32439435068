using System.Globalization;
using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>Bounded memory under churn: finished calls, missing events and logged-out agents leave state.</summary>
public sealed class ChurnTests
{
    [Fact]
    public void Call_ids_are_released_once_the_call_ended_more_than_a_retention_ago()
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(new MetricsOptions { Retention = TimeSpan.FromHours(1) }, new NullSink(), releaseSymbol: symbols.Release);
        var liveNames = new List<int>();

        // Five days of traffic with a new call id every minute: 7,200 calls.
        var start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < 5 * 24 * 60; minute++)
        {
            var t = start.AddMinutes(minute);
            Offer(decoder, engine, minute * 2, "call.queued", t, $"\"call_id\":\"c{minute}\",\"queue\":\"sales\"");
            Offer(decoder, engine, (minute * 2) + 1, "call.ended", t.AddSeconds(30), $"\"call_id\":\"c{minute}\"");
            liveNames.Add(symbols.Count - (int)symbols.Released);
        }

        // Live names stay within about two retention periods of calls (120 per hour), whatever the history.
        liveNames.Skip(liveNames.Count / 2).Max().Should().BeLessThan(300);
        symbols.Released.Should().BeGreaterThan(6_500);
    }

    [Fact]
    public void Releasing_one_tenants_call_id_leaves_another_tenants_call_of_the_same_id_intact()
    {
        var scenario = Scenario.Create()
            .At("09:00").Login("b1", tenant: "B").Queued("c1", "sales", tenant: "A").Queued("c1", "support", tenant: "B")
            .At("09:01").Ended("c1", tenant: "A");
        for (var minute = 10; minute < 170; minute += 10)
        {
            // Other calls ending move the ended-call generations on, so A's c1 is forgotten and released.
            var at = new TimeOnly(9, 0).AddMinutes(minute).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            scenario.At(at).Queued($"x{minute}", "sales", tenant: "A").After(TimeSpan.FromSeconds(30)).Ended($"x{minute}", tenant: "A");
        }

        scenario
            .At("12:00").Answered("c1", "b1", tenant: "B")
            .At("12:05").Ended("c1", tenant: "B").At("12:06").Logout("b1", tenant: "B");
        var options = new MetricsOptions { Retention = TimeSpan.FromMinutes(30) };

        var replay = Replayer.Run(scenario, options);

        // A's c1 was forgotten (and its id released) hours before B's c1 was answered: B's call is still whole.
        var support = replay.Single("queue_metrics", "queue", "support", timestamp: scenario.Nanos("12:00"));
        support.Number("answered").Should().Be(1);
        support.Number("asa_s").Should().Be(3 * 3600);
        replay.Engine.SessionCounters.AnomalyTotal.Should().Be(0);
        replay.Symbols.Released.Should().BeGreaterThan(0, "the test must really release A's call ids");
    }

    [Fact]
    public void A_call_with_no_event_for_the_idle_timeout_is_evicted_and_its_agent_goes_to_wrap()
    {
        var scenario = Scenario.Create()
            .At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:02").Queued("c2", "sales") // c2 waits forever: its call.ended never comes
            .At("11:30").State("a1", "available");
        var options = new MetricsOptions { IdleTimeout = TimeSpan.FromHours(1), MaxWrap = TimeSpan.FromSeconds(60) };

        var replay = Replayer.Run(scenario, options);

        replay.Engine.SessionCounters[Anomaly.EvictedIdleCall].Should().Be(2);
        replay.Engine.OpenCallCount.Should().Be(0);

        // The connection of c1 ended at the eviction (between 10:01:10 and 10:16:10): a1 is busy no longer than that plus wrap.
        var busy = replay.All("agent_metrics").Sum(l => l.Number("busy_s"));
        busy.Should().BeGreaterThan(3600).And.BeLessThan(3600 + 900 + 60 + 1);
        replay.All("agent_metrics").Sum(l => l.Number("handled")).Should().Be(1);
    }

    [Fact]
    public void A_logged_out_agent_leaves_state_after_the_idle_timeout_and_keeps_its_team()
    {
        var scenario = Scenario.Create()
            .At("09:00").Login("a1", team: "blue").At("09:10").Logout("a1")
            .At("09:20").Login("a2").At("12:00").Login("a1").At("12:10").Logout("a1").Logout("a2");
        var options = new MetricsOptions { IdleTimeout = TimeSpan.FromHours(1) };

        var replay = Replayer.Run(scenario, options);

        replay.Engine.SessionCounters.AgentsEvicted.Should().BeGreaterThanOrEqualTo(1);
        replay.Single("agent_metrics", "agent", "a1", timestamp: scenario.Nanos("12:00")).Tag("team").Should().Be("blue");
    }

    private static void Offer(EventDecoder decoder, MetricsEngine engine, int id, string type, DateTimeOffset ts, string fields)
    {
        var json = $"{{\"event_id\":\"x{id}\",\"type\":\"{type}\",\"ts\":\"{ts.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\",{fields}}}";
        decoder.Decode(Encoding.UTF8.GetBytes(json), out var e).IsOk.Should().BeTrue(json);
        engine.Accept(e);
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
