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
/// <see cref="MetricsEngine.Accept(ReadOnlySpan{CanonicalEvent}, int, IAcceptObserver?)"/>: a batch is the same as its
/// events one by one, and the caller learns which were not accepted, why, and the reason to dead-letter them with.
/// </summary>
public sealed class BatchAcceptTests
{
    private readonly SymbolTable _symbols = new();

    [Fact]
    public void The_observer_is_told_the_index_and_result_of_each_event_not_accepted_and_nothing_else()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:10").Login("a2").At("09:05").Logout("a1").At("09:11").Login("a3");
        var events = Decode(s.Lines);
        var batch = new[] { events[0], events[0], events[1], events[2], events[3] }; // a copy of the first, then one 5 min late
        var engine = new MetricsEngine(new MetricsOptions { Lateness = TimeSpan.FromMinutes(1) }, new NullSink());
        var observer = new Recorder(engine);

        var accepted = engine.Accept(batch, source: 0, observer);

        accepted.Should().Be(3);
        observer.Seen.Select(n => (n.Index, n.Result)).Should().Equal((1, AcceptResult.Duplicate), (3, AcceptResult.Late));
        engine.Counters.Accepted.Should().Be(3);
    }

    [Fact]
    public void A_rejection_is_described_in_the_callback_as_the_engine_stood_when_it_rejected_the_event()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:10").Login("a2").At("09:05").Logout("a1").At("09:30").Login("a3");
        var events = Decode(s.Lines);
        var engine = new MetricsEngine(new MetricsOptions { Lateness = TimeSpan.FromMinutes(1) }, new NullSink());
        var observer = new Recorder(engine);

        engine.Accept(events, source: 0, observer);

        // The watermark was 09:09 when the 09:05 event came; by the end of the batch it is 09:29.
        observer.Seen.Single().Reason.Should().Be("late: ts 2026-11-22T09:05:00Z is before the watermark 2026-11-22T09:09:00Z");
        engine.Watermark.Should().Be(s.Nanos("09:29"));
    }

    [Fact]
    public void A_batch_counts_for_its_source_as_its_events_would()
    {
        var s = Scenario.Create().At("09:00").Login("a1").At("09:30").Login("a2");
        var events = Decode(s.Lines);
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        engine.RegisterSource(0);
        engine.RegisterSource(1);

        engine.Accept(events.AsSpan(1, 1), source: 1, observer: null);
        engine.Watermark.Should().Be(long.MinValue, "source 0 has not delivered");

        engine.Accept(events.AsSpan(0, 1), source: 0, observer: null).Should().Be(1);
        engine.Watermark.Should().Be(s.Nanos("08:59"));
    }

    [Fact]
    public void Batches_give_the_output_of_the_events_offered_one_by_one()
    {
        // Out of order by up to 2 minutes against a lateness of 1, with every 20th event sent twice: some late, some duplicates.
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1), Lateness = TimeSpan.FromMinutes(1) };
        var stream = RandomCallCenter.Generate(7);
        var random = new Random(7);
        var lines = stream.Lines.Select((line, i) => (line, at: stream.Times[i] + random.NextInt64(0, 120_000)))
            .OrderBy(x => x.at).Select(x => x.line).SelectMany((line, i) => i % 20 == 0 ? [line, line] : new[] { line });
        var events = Decode(lines);

        var single = new Collector(_symbols);
        var one = new MetricsEngine(options, single);
        var singleResults = events.Select(e => one.Accept(e)).ToList();
        one.Complete();

        var batched = new Collector(_symbols);
        var all = new MetricsEngine(options, batched);
        var observer = new Recorder(all);
        all.Accept(events, source: 0, observer);
        all.Complete();

        singleResults.Should().Contain(AcceptResult.Late).And.Contain(AcceptResult.Duplicate);
        batched.Text.ToString().Should().Be(single.Text.ToString()).And.NotBeEmpty();
        observer.Seen.Select(n => (n.Index, n.Result)).Should().Equal(
            singleResults.Select((r, i) => (i, r)).Where(p => p.r != AcceptResult.Accepted));
    }

    [Fact]
    public void An_empty_batch_accepts_nothing_and_tells_nothing()
    {
        var engine = new MetricsEngine(new MetricsOptions(), new NullSink());
        var observer = new Recorder(engine);

        engine.Accept([], source: 0, observer).Should().Be(0);

        observer.Seen.Should().BeEmpty();
        engine.Watermark.Should().Be(long.MinValue);
    }

    private CanonicalEvent[] Decode(IEnumerable<string> lines)
    {
        var decoder = new EventDecoder(_symbols);
        return [.. lines.Select(line =>
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
            return e;
        })];
    }

    private sealed class Recorder(MetricsEngine engine) : IAcceptObserver
    {
        public List<(int Index, AcceptResult Result, string Reason)> Seen { get; } = [];

        public void OnNotAccepted(int index, in CanonicalEvent e, AcceptResult result) =>
            Seen.Add((index, result, engine.DescribeRejection(result, e.Timestamp)));
    }

    private sealed class Collector(SymbolTable symbols) : IWindowSink
    {
        private readonly LineProtocolFormatter _formatter = new(symbols);

        public StringBuilder Text { get; } = new();

        public void OnWindows(IReadOnlyList<WindowResult> windows) => _formatter.Format(windows, Text);
    }

    private sealed class NullSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
