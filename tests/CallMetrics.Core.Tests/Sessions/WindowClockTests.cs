using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// The window clock: granules close at every multiple of the gcd of the window steps, in order and once; each
/// family's windows are emitted final at their ends; provisional writes change nothing; the end of input fires
/// what is left.
/// </summary>
public sealed class WindowClockTests
{
    private static readonly MetricsOptions Rolling = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    private readonly Recorder _sink = new();
    private readonly SymbolTable _symbols = new();

    [Fact]
    public void Granules_close_in_order_at_every_step_up_to_and_including_the_instant_reached()
    {
        var sessionizer = new Sessionizer(Rolling, _sink);
        Offer(sessionizer, "09:00:10");

        sessionizer.Clock.AdvanceTo(T("09:03"));

        _sink.Windows.Select(w => (w.Kind, w.End, w.IsFinal, w.Offered)).Should().Equal(
            (WindowKind.Rolling, T("09:01"), true, 1), (WindowKind.Rolling, T("09:02"), true, 1), (WindowKind.Rolling, T("09:03"), true, 1));
        sessionizer.Clock.NextBoundary.Should().Be(T("09:04"));
    }

    [Fact]
    public void An_interval_is_emitted_once_at_its_end_with_the_counts_of_all_its_granules()
    {
        var sessionizer = new Sessionizer(new MetricsOptions(), _sink);
        Offer(sessionizer, "09:00:10");
        Offer(sessionizer, "09:14:59.999");

        sessionizer.Clock.AdvanceTo(T("09:15"));
        sessionizer.Clock.AdvanceTo(T("09:45"));

        _sink.Windows.Select(w => (w.Kind, w.End, w.IsFinal, w.Offered)).Should().Equal((WindowKind.Interval, T("09:15"), true, 2));
    }

    [Fact]
    public void With_nothing_open_or_pending_the_clock_jumps_over_empty_granules()
    {
        var sessionizer = new Sessionizer(new MetricsOptions(), _sink);
        Offer(sessionizer, "09:00:10");

        sessionizer.Clock.AdvanceTo(T("18:00:05"));

        _sink.Windows.Should().ContainSingle().Which.End.Should().Be(T("09:15"));
        sessionizer.Clock.NextBoundary.Should().Be(T("18:15"), "the granule of the instant reached, not one per empty granule");
    }

    [Fact]
    public void An_open_agents_time_is_accrued_up_to_each_boundary_so_no_accrual_spans_two_granules()
    {
        var sessionizer = new Sessionizer(Rolling, _sink);
        sessionizer.Apply(Event(Scenario.Create().At("09:00:30").Login("a1", state: "available")));

        sessionizer.Clock.AdvanceTo(T("09:03"));

        _sink.Windows.Select(w => (w.End, w.AvailableSeconds)).Should().Equal((T("09:01"), 30), (T("09:02"), 90), (T("09:03"), 150));
    }

    [Fact]
    public void A_provisional_write_shows_the_open_window_as_it_stands_and_changes_nothing()
    {
        var sessionizer = new Sessionizer(new MetricsOptions(), _sink);
        sessionizer.Apply(Event(Scenario.Create().At("09:00").Login("a1", state: "available")));
        sessionizer.Clock.AdvanceTo(T("09:05"));

        sessionizer.Clock.EmitProvisional(T("09:05"));
        sessionizer.Clock.EmitProvisional(T("09:05"));
        sessionizer.Clock.AdvanceTo(T("09:15"));

        _sink.Windows.Select(w => (w.End, w.IsFinal, w.AvailableSeconds)).Should().Equal(
            (T("09:15"), false, 300), (T("09:15"), false, 300), (T("09:15"), true, 900));
    }

    [Fact]
    public void A_provisional_write_for_an_instant_before_the_current_granule_writes_nothing()
    {
        var sessionizer = new Sessionizer(new MetricsOptions(), _sink);
        sessionizer.Apply(Event(Scenario.Create().At("09:00").Login("a1", state: "available")));
        sessionizer.Clock.AdvanceTo(T("09:20"));
        _sink.Windows.Clear();

        sessionizer.Clock.EmitProvisional(T("09:10"));

        _sink.Windows.Should().BeEmpty();
    }

    [Fact]
    public void The_end_of_input_emits_the_interval_holding_it_and_rolling_windows_up_to_the_first_step_after_it_none_later()
    {
        var sessionizer = new Sessionizer(Rolling, _sink);
        Offer(sessionizer, "09:00:10");

        sessionizer.Clock.Finish(T("09:05"));

        _sink.Windows.Should().OnlyContain(w => w.IsFinal && w.Offered == 1);
        _sink.Windows.Where(w => w.Kind == WindowKind.Interval).Select(w => w.End).Should().Equal(T("09:15"));
        _sink.Windows.Where(w => w.Kind == WindowKind.Rolling).Select(w => w.End).Should().Equal(
            Enumerable.Range(1, 6).Select(minute => T("09:00") + (minute * 60_000_000_000L)),
            "METRICS: the instants run to the first multiple of step after the end-of-input clock 09:05, which is 09:06");
    }

    [Fact]
    public void An_end_of_input_between_two_steps_ends_the_rolling_windows_at_the_next_step()
    {
        var sessionizer = new Sessionizer(Rolling, _sink);
        Offer(sessionizer, "09:00:10");

        sessionizer.Clock.Finish(T("09:04:59.999"));

        _sink.Windows.Where(w => w.Kind == WindowKind.Rolling).Select(w => w.End).Last().Should().Be(T("09:05"));
    }

    [Fact]
    public void Before_any_event_time_the_clock_has_not_started_and_the_end_of_input_emits_nothing()
    {
        var sessionizer = new Sessionizer(Rolling, _sink);

        sessionizer.Clock.Finish(T("09:05"));
        sessionizer.Clock.EmitProvisional(T("09:05"));

        sessionizer.Clock.Started.Should().BeFalse();
        _sink.Windows.Should().BeEmpty();
    }

    private static long T(string time) => Scenario.Create().Nanos(time);

    // A call offered to queue "sales" at the given time: the clock first moves there, as Apply does.
    private void Offer(Sessionizer sessionizer, string at)
    {
        sessionizer.Clock.AdvanceTo(T(at));
        sessionizer.Accrual.Offered(sessionizer.Tallies.QueueSeries(_symbols.Intern("default"), _symbols.Intern("sales")));
    }

    private CanonicalEvent Event(Scenario scenario)
    {
        new EventDecoder(_symbols).Decode(Encoding.UTF8.GetBytes(scenario.Lines.Single()), out var e).IsOk.Should().BeTrue();
        return e;
    }

    private sealed record Window(WindowKind Kind, long End, bool IsFinal, int Offered, double AvailableSeconds);

    private sealed class Recorder : IWindowSink
    {
        public List<Window> Windows { get; } = [];

        // Results are reused by the clock: what they hold is copied as they are delivered.
        public void OnWindows(IReadOnlyList<WindowResult> windows) =>
            Windows.AddRange(windows.Select(w => new Window(
                w.Spec.Kind, w.End, w.IsFinal, w.Queues.Sum(q => q.Tally.Offered), w.Agents.Sum(a => a.Tally.AvailableNs) / 1e9)));
    }
}
