using System.Globalization;
using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>
/// The service's wall-clock guards (METRICS.md "Wall-clock guards"): an event more than the max future skew ahead of
/// the clock is rejected as <c>future</c>, one more than the max event age behind it as <c>too_old</c>, before it can
/// move any watermark or the dedupe memory.
/// </summary>
public sealed class WallClockGuardTests
{
    private static readonly MetricsOptions Service = new() { MaxFutureSkew = MetricsDefaults.MaxFutureSkew, MaxEventAge = MetricsDefaults.MaxEventAge };
    private readonly EventDecoder _decoder = new(new SymbolTable());
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-22T09:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public void An_event_more_than_the_skew_ahead_of_the_clock_is_future_and_moves_neither_watermark_nor_dedupe_memory()
    {
        var engine = new MetricsEngine(Service, new CountingSink(), _clock);
        var s = Scenario.Create().At("09:00").Login("a1").At("09:05:00.001").State("a1", "not_ready").At("09:01").Logout("a1");
        engine.Accept(Decode(s.Lines[0])).Should().Be(AcceptResult.Accepted);

        engine.Accept(Decode(s.Lines[1])).Should().Be(AcceptResult.Future);

        engine.Counters.Future.Should().Be(1);
        engine.MaxTimestamp.Should().Be(s.Nanos("09:00"));
        engine.Watermark.Should().Be(s.Nanos("08:59"));
        engine.Accept(Decode(s.Lines[2])).Should().Be(AcceptResult.Accepted, "the producers with good clocks are not made late");
        _clock.Advance(TimeSpan.FromMinutes(1));
        engine.Accept(Decode(s.Lines[1])).Should().Be(AcceptResult.Accepted, "its id was not remembered when it was rejected");
    }

    [Fact]
    public void Exactly_the_skew_ahead_and_exactly_the_age_behind_are_accepted_and_a_nanosecond_more_is_not()
    {
        var engine = new MetricsEngine(Service, new CountingSink(), _clock);
        var s = Scenario.Create().At("09:00").Login("a1").Login("a2").Login("a3").Login("a4");

        engine.Accept(At(s.Lines[0], "2026-11-15T09:00:00Z")).Should().Be(AcceptResult.Accepted);
        engine.Accept(At(s.Lines[1], "2026-11-15T08:59:59.999999999Z")).Should().Be(AcceptResult.TooOld);
        engine.Accept(At(s.Lines[2], "2026-11-22T09:05:00Z")).Should().Be(AcceptResult.Accepted);
        engine.Accept(At(s.Lines[3], "2026-11-22T09:05:00.000000001Z")).Should().Be(AcceptResult.Future);
        engine.Counters.TooOld.Should().Be(1);
        engine.Counters.Future.Should().Be(1);
    }

    [Fact]
    public void The_rejections_are_described_for_the_dead_letter_with_the_clock()
    {
        var engine = new MetricsEngine(Service, new CountingSink(), _clock);
        var s = Scenario.Create().At("09:00").Login("a1").Login("a2");

        engine.Accept(At(s.Lines[0], "2026-11-28T09:00:00Z")).Should().Be(AcceptResult.Future);
        engine.DescribeRejection(AcceptResult.Future, s.Nanos("09:00") + (6L * 86_400_000_000_000))
            .Should().Be("future: ts 2026-11-28T09:00:00Z is more than 5m ahead of the clock (2026-11-22T09:00:00Z); check the producer's clock");
        engine.Accept(At(s.Lines[1], "1970-01-01T00:00:00Z")).Should().Be(AcceptResult.TooOld);
        engine.DescribeRejection(AcceptResult.TooOld, 0)
            .Should().Be("too_old: ts 1970-01-01T00:00:00Z is more than 7d behind the clock (2026-11-22T09:00:00Z); check the producer's clock");
    }

    [Fact]
    public void A_producer_six_days_ahead_on_one_partition_does_not_make_another_tenants_events_late_on_any_partition()
    {
        // The reported case: one event dated now + 6 days on partition 0, then another tenant's events on both.
        var engine = new MetricsEngine(Service, new CountingSink(), _clock);
        engine.RegisterSource(0);
        engine.RegisterSource(1);
        var skewed = Scenario.Create().At("09:00").Login("x1", tenant: "skewed");
        engine.Accept(At(skewed.Lines[0], "2026-11-28T09:00:00Z"), source: 0).Should().Be(AcceptResult.Future);

        var other = Scenario.Create();
        for (var minute = 0; minute < 20; minute++)
        {
            other.At($"08:{40 + minute:00}").Login($"a{minute}", tenant: "other");
        }

        var results = other.Lines.Select((line, i) => engine.Accept(Decode(line), source: i % 2)).ToList();

        results.Should().OnlyContain(r => r == AcceptResult.Accepted);
        engine.Counters.Late.Should().Be(0);
    }

    [Fact]
    public void A_1970_event_then_a_current_one_on_one_partition_is_rejected_as_too_old_and_opens_no_windows()
    {
        var windows = new CountingSink();
        var engine = new MetricsEngine(Service with { Rolling = TimeSpan.FromMinutes(15) }, windows, _clock);
        var s = Scenario.Create().At("09:00").Queued("c1", "sales").At("08:30").Login("a1").At("08:40").Logout("a1");

        engine.Accept(At(s.Lines[0], "1970-01-01T00:00:00Z")).Should().Be(AcceptResult.TooOld);
        engine.Accept(Decode(s.Lines[1])).Should().Be(AcceptResult.Accepted);
        engine.Accept(Decode(s.Lines[2])).Should().Be(AcceptResult.Accepted);
        engine.Complete();

        engine.Counters.TooOld.Should().Be(1);
        windows.Count.Should().BeLessThan(100, "only the ten minutes of the current events have windows");
    }

    [Fact]
    public void Without_a_clock_the_max_event_age_has_no_effect()
    {
        var engine = new MetricsEngine(new MetricsOptions { MaxEventAge = TimeSpan.FromDays(1) }, new CountingSink());
        var s = Scenario.Create().At("09:00").Login("a1");

        engine.Accept(At(s.Lines[0], "1970-01-01T00:00:00Z")).Should().Be(AcceptResult.Accepted, "replay has no wall clock");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0.5)]
    public void A_max_event_age_that_is_not_a_positive_whole_number_of_seconds_is_invalid(double seconds)
    {
        new MetricsOptions { MaxEventAge = TimeSpan.FromSeconds(seconds) }.Validate().Should().ContainSingle().Which.Should().Contain("max-event-age");
    }

    private CanonicalEvent Decode(string line)
    {
        _decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue();
        return e;
    }

    private CanonicalEvent At(string line, string ts)
    {
        var start = line.IndexOf("\"ts\":\"", StringComparison.Ordinal) + 6;
        var end = line.IndexOf('"', start);
        return Decode(line[..start] + ts + line[end..]);
    }

    private sealed class CountingSink : IWindowSink
    {
        public int Count { get; private set; }

        public void OnWindows(IReadOnlyList<WindowResult> windows) => Count += windows.Count;
    }
}
