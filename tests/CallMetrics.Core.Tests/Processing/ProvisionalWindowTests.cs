using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>METRICS.md: in the service an interval may be written early (provisional) and rewritten.</summary>
public sealed class ProvisionalWindowTests
{
    [Fact]
    public void A_provisional_interval_counts_open_time_up_to_the_watermark_and_is_not_final()
    {
        var scenario = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:06").Arrived("c2");
        var (engine, sink, output) = Run(scenario);

        engine.EmitProvisional(); // watermark 09:05

        sink.Final.Should().BeFalse();
        var agent = output.Lines().Single(l => l.Measurement == "agent_metrics");
        agent.Timestamp.Should().Be(scenario.Nanos("09:00"));
        agent.Number("logged_in_s").Should().Be(300);
        agent.Number("talk_s").Should().Be(230);
        agent.Number("busy_s").Should().Be(230);
        agent.Number("available_s").Should().Be(70);
        agent.Number("handled").Should().Be(0);
        output.Lines().Single(l => l.Measurement == "queue_metrics").Number("answered").Should().Be(1);
    }

    [Fact]
    public void A_provisional_write_changes_nothing_that_is_written_later()
    {
        var stream = RandomCallCenter.Generate(5);
        var plain = Replayer.Run(stream.Lines).Output;

        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var output = new CollectingSink(symbols, finalOnly: true);
        var engine = new MetricsEngine(new MetricsOptions(), output);
        var i = 0;
        foreach (var line in stream.Lines)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e);
            engine.Accept(e);
            if (++i % 7 == 0)
            {
                engine.EmitProvisional();
            }
        }

        engine.Complete();
        output.Text.ToString().Should().Be(plain);
    }

    private static (MetricsEngine Engine, CollectingSink Sink, StringBuilder Output) Run(Scenario scenario)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var sink = new CollectingSink(symbols, finalOnly: false);
        var engine = new MetricsEngine(new MetricsOptions(), sink);
        foreach (var line in scenario.Lines)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue();
            engine.Accept(e);
        }

        sink.Text.Clear();
        return (engine, sink, sink.Text);
    }

    private sealed class CollectingSink(SymbolTable symbols, bool finalOnly) : IWindowSink
    {
        private readonly LineProtocolFormatter _formatter = new(symbols);

        public StringBuilder Text { get; } = new();

        public bool Final { get; private set; } = true;

        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
            var kept = windows.Where(w => !finalOnly || w.IsFinal).ToList();
            Final = windows.All(w => w.IsFinal);
            _formatter.Format(kept, Text);
        }
    }
}

internal static class StringBuilderLines
{
    public static IReadOnlyList<MetricLine> Lines(this StringBuilder text) =>
        text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MetricLine.Parse).ToList();
}
