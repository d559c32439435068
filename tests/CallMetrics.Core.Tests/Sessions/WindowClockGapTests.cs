using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// No work per empty window across a gap in event time (replay, or the service without its guards): where nothing
/// accrues (an open queue visit, a call in the IVR, rolling buckets already emitted) the window clock jumps to the
/// next window that has anything. Measured by granules closed and bytes allocated, not by time.
/// </summary>
public sealed class WindowClockGapTests
{
    private static readonly MetricsOptions Options = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };
    private readonly EventDecoder _decoder = new(new SymbolTable());

    [Theory]
    [InlineData("queued")]
    [InlineData("arrived")]
    public void A_1970_call_then_a_2026_event_closes_a_bounded_number_of_granules(string first)
    {
        var s = Scenario.Create().At("09:00");
        s = first == "queued" ? s.Queued("c1", "sales") : s.Arrived("c1");
        s.At("09:00").Login("a1", team: "blue").At("09:30").Logout("a1");
        var (engine, lines, allocated) = Run([At(s.Lines[0], "1970-01-01T00:00:00Z"), Decode(s.Lines[1]), Decode(s.Lines[2])]);

        // 56 years are 29 million one-minute granules; walking them would close each.
        engine.Sessionizer.Clock.GranulesClosed.Should().BeLessThan(200, "the 1970 windows drain in one rolling length, then the clock jumps");
        lines.Should().BeLessThan(200);
        allocated.Should().BeLessThan(20_000_000, "nothing is allocated per empty window");
    }

    [Fact]
    public void A_far_future_event_after_a_queued_call_closes_a_bounded_number_of_granules()
    {
        var s = Scenario.Create().At("09:00").Queued("c1", "sales").At("09:01").Login("a9", team: "blue");
        var (engine, lines, allocated) = Run([Decode(s.Lines[0]), At(s.Lines[1], "2200-01-01T00:00:00Z")]);

        engine.Sessionizer.Clock.GranulesClosed.Should().BeLessThan(200);
        lines.Should().BeLessThan(200);
        allocated.Should().BeLessThan(20_000_000);
    }

    [Fact]
    public void A_logged_in_agent_across_a_gap_gets_a_line_per_window_since_its_time_accrues()
    {
        // METRICS: open time accrues; a line per such window is the output, so these granules are walked.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("21:00").Logout("a1");
        var (engine, _, _) = Run([Decode(s.Lines[0]), Decode(s.Lines[1])]);

        engine.Sessionizer.Clock.GranulesClosed.Should().BeInRange(12 * 60, (12 * 60) + 20);
    }

    private (MetricsEngine Engine, int Lines, long Allocated) Run(CanonicalEvent[] events)
    {
        var sink = new CountingSink();
        var engine = new MetricsEngine(Options, sink);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var e in events)
        {
            engine.Accept(e);
        }

        engine.Complete();
        return (engine, sink.Lines, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private CanonicalEvent Decode(string line)
    {
        _decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
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
        public int Lines { get; private set; }

        public void OnWindows(IReadOnlyList<WindowResult> windows) => Lines += windows.Sum(w => w.LineCount);
    }
}
