using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>Several sources (Kafka partitions): each is ordered in itself; the watermark follows the slowest active one.</summary>
public sealed class SourceWatermarkTests
{
    private readonly EventDecoder _decoder = new(new SymbolTable());

    [Fact]
    public void A_source_behind_another_by_more_than_the_lateness_is_not_late()
    {
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.RegisterSource(0);
        engine.RegisterSource(1);
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:30").Login("a2").Lines;

        engine.Accept(Decode(lines[1]), source: 1).Should().Be(AcceptResult.Accepted); // 09:30 on source 1
        engine.Accept(Decode(lines[0]), source: 0).Should().Be(AcceptResult.Accepted); // 09:00 on source 0, 30 min behind

        engine.Counters.Late.Should().Be(0);
    }

    [Fact]
    public void A_registered_source_that_has_not_delivered_holds_the_watermark_until_it_is_idle()
    {
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.RegisterSource(0);
        engine.RegisterSource(1);
        var scenario = Scenario.Create().At("09:30").Login("a2");

        engine.Accept(Decode(scenario.Lines[0]), source: 1);
        engine.Watermark.Should().Be(long.MinValue);

        engine.SetSourceIdle(0, idle: true);
        engine.Watermark.Should().Be(scenario.Nanos("09:29"));
    }

    [Fact]
    public void The_watermark_is_the_slowest_active_source_minus_the_lateness()
    {
        var scenario = Scenario.Create().At("09:00").Login("a1").At("09:30").Login("a2").At("09:10").Login("a3");
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());

        engine.Accept(Decode(scenario.Lines[0]), source: 0);
        engine.Accept(Decode(scenario.Lines[1]), source: 1);
        engine.Watermark.Should().Be(scenario.Nanos("08:59"));

        engine.Accept(Decode(scenario.Lines[2]), source: 0);
        engine.Watermark.Should().Be(scenario.Nanos("09:09"));
    }

    [Fact]
    public void An_idle_source_does_not_hold_the_watermark_back_and_an_event_behind_it_then_is_late()
    {
        var scenario = Scenario.Create().At("09:00").Login("a1").At("09:30").Login("a2").At("09:05").Logout("a1");
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.Accept(Decode(scenario.Lines[0]), source: 0);
        engine.Accept(Decode(scenario.Lines[1]), source: 1);

        engine.SetSourceIdle(0, idle: true);

        engine.Watermark.Should().Be(scenario.Nanos("09:29"));
        engine.Accept(Decode(scenario.Lines[2]), source: 0).Should().Be(AcceptResult.Late);
    }

    [Fact]
    public void A_progress_marker_advances_a_source_as_its_events_would_have()
    {
        var scenario = Scenario.Create().At("09:00").Login("a1").At("09:30").Login("a2");
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.RegisterSource(0);
        engine.RegisterSource(1);
        engine.Accept(Decode(scenario.Lines[0]), source: 0);

        engine.AdvanceSource(1, scenario.Nanos("09:30"));
        engine.Watermark.Should().Be(scenario.Nanos("08:59"));

        engine.Accept(Decode(scenario.Lines[1]), source: 0);
        engine.Watermark.Should().Be(scenario.Nanos("09:29"));
    }

    [Fact]
    public void A_progress_marker_behind_what_the_source_reached_changes_nothing()
    {
        var scenario = Scenario.Create().At("09:30").Login("a1");
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.Accept(Decode(scenario.Lines[0]), source: 0);

        engine.AdvanceSource(0, scenario.Nanos("09:00"));

        engine.Watermark.Should().Be(scenario.Nanos("09:29"));
    }

    [Fact]
    public void The_watermark_never_moves_back()
    {
        var scenario = Scenario.Create().At("09:00").Login("a1").At("09:30").Login("a2").At("09:31").Login("a3");
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.Accept(Decode(scenario.Lines[0]), source: 0);
        engine.Accept(Decode(scenario.Lines[1]), source: 1);
        engine.SetSourceIdle(0, idle: true);
        var before = engine.Watermark;

        engine.Accept(Decode(scenario.Lines[2]), source: 2); // a new, active source at 09:31 while 1 is at 09:30

        engine.Watermark.Should().BeGreaterThanOrEqualTo(before);
    }

    private CanonicalEvent Decode(string line)
    {
        _decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue();
        return e;
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
