using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Snapshots;

/// <summary>
/// A snapshot taken anywhere, restored into a fresh engine with a fresh symbol table (as after a crash),
/// continues exactly where the original left off: the output before plus the output after equals the
/// output of an uninterrupted run.
/// </summary>
public sealed class EngineSnapshotTests
{
    private static readonly MetricsOptions Options = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    public static IEnumerable<object[]> Cuts() =>
        Enumerable.Range(1, 30).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Cuts))]
    public void Restoring_a_snapshot_taken_mid_stream_continues_exactly_like_an_uninterrupted_run(int seed)
    {
        var stream = RandomCallCenter.Generate(seed);
        var lines = Shuffle(stream, seed); // out of order within the lateness, so the reorder buffer holds events
        var uninterrupted = Run(lines, cutAt: -1);

        var cut = new Random(seed).Next(1, lines.Count - 1);
        var resumed = Run(lines, cutAt: cut);

        resumed.Should().Be(uninterrupted);
        uninterrupted.Should().NotBeEmpty();
    }

    [Fact]
    public void A_snapshot_taken_with_other_metric_options_is_refused()
    {
        var symbols = new SymbolTable();
        var engine = new MetricsEngine(Options, new Collector(symbols));
        using var buffer = new MemoryStream();
        engine.Snapshot(buffer, symbols);
        buffer.Position = 0;

        var restore = () => MetricsEngine.Restore(buffer, new SymbolTable(), Options with { Interval = TimeSpan.FromHours(1) }, new Collector(symbols));

        restore.Should().Throw<InvalidDataException>().WithMessage("*other metric options*");
    }

    [Fact]
    public void Duplicates_of_events_before_the_snapshot_are_still_recognised_after_restore()
    {
        var lines = Scenario.Create().At("09:00").Login("a1").At("09:01").Queued("c1", "sales").At("09:02").Answered("c1", "a1").Lines;
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(Options, new Collector(symbols));
        foreach (var line in lines)
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e);
            engine.Accept(e);
        }

        using var buffer = new MemoryStream();
        engine.Snapshot(buffer, symbols);
        buffer.Position = 0;
        var freshSymbols = new SymbolTable();
        var restored = MetricsEngine.Restore(buffer, freshSymbols, Options, new Collector(freshSymbols));
        new EventDecoder(freshSymbols).Decode(Encoding.UTF8.GetBytes(lines[1]), out var again);

        restored.Accept(again).Should().Be(Core.Ordering.AcceptResult.Duplicate);
    }

    /// <summary>
    /// A checkpoint written before the dedupe set kept fingerprints (format <c>callmetrics-engine-2</c>, whole
    /// ids; written by commit 22dee02 from the first 11 events of spec/scenarios/abandons-and-service-level)
    /// still restores: its ids are still duplicates and the rest of the stream gives the uninterrupted output.
    /// </summary>
    [Fact]
    public void A_snapshot_of_the_format_with_whole_dedupe_ids_still_restores()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "scenarios", "abandons-and-service-level.jsonl"));
        var snapshot = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Snapshots", "Fixtures", "engine-2-abandons-11-of-22.snapshot"));
        Encoding.UTF8.GetString(snapshot, 1, 20).Should().Be("callmetrics-engine-2");
        const int Cut = 11;
        var uninterrupted = new StringBuilder();
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(Options, new Collector(symbols, uninterrupted));
        var beforeCut = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == Cut)
            {
                beforeCut = uninterrupted.Length;
            }

            decoder.Decode(Encoding.UTF8.GetBytes(lines[i]), out var e);
            engine.Accept(e);
        }

        engine.Complete();
        var resumedOutput = new StringBuilder();
        var resumedSymbols = new SymbolTable();
        var resumedDecoder = new EventDecoder(resumedSymbols);
        var resumed = MetricsEngine.Restore(new MemoryStream(snapshot), resumedSymbols, Options, new Collector(resumedSymbols, resumedOutput));
        for (var i = 0; i < Cut; i++)
        {
            resumedDecoder.Decode(Encoding.UTF8.GetBytes(lines[i]), out var copy);
            resumed.Accept(copy).Should().Be(Core.Ordering.AcceptResult.Duplicate, "line {0} was accepted before the snapshot", i);
        }

        for (var i = Cut; i < lines.Length; i++)
        {
            resumedDecoder.Decode(Encoding.UTF8.GetBytes(lines[i]), out var e);
            resumed.Accept(e);
        }

        resumed.Complete();
        resumedOutput.ToString().Should().Be(uninterrupted.ToString(beforeCut, uninterrupted.Length - beforeCut));
        resumedOutput.Length.Should().BePositive();
    }

    private static string Run(IReadOnlyList<string> lines, int cutAt)
    {
        var output = new StringBuilder();
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var sink = new Collector(symbols, output);
        var engine = new MetricsEngine(Options, sink);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i == cutAt)
            {
                // "Crash": keep only the snapshot bytes; everything else starts afresh.
                using var buffer = new MemoryStream();
                engine.Snapshot(buffer, symbols);
                buffer.Position = 0;
                symbols = new SymbolTable();
                decoder = new EventDecoder(symbols);
                sink = new Collector(symbols, output);
                engine = MetricsEngine.Restore(buffer, symbols, Options, sink);
            }

            if (decoder.Decode(Encoding.UTF8.GetBytes(lines[i]), out var e).IsOk)
            {
                engine.Accept(e);
            }
        }

        engine.Complete();
        return output.ToString();
    }

    private static List<string> Shuffle(RandomCallCenter stream, int seed)
    {
        var random = new Random(seed * 31);
        return stream.Lines.Select((line, i) => (line, at: stream.Times[i] + random.NextInt64(0, 60_000)))
            .OrderBy(x => x.at).Select(x => x.line).ToList();
    }

    private sealed class Collector(SymbolTable symbols, StringBuilder? output = null) : IWindowSink
    {
        private readonly LineProtocolFormatter _formatter = new(symbols);

        public void OnWindows(IReadOnlyList<WindowResult> windows) => _formatter.Format(windows, output ?? new StringBuilder());
    }
}
