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

        ResumeFrom(snapshot, lines, cut: 11, stateMarks: false);
    }

    /// <summary>
    /// A checkpoint written before legs recorded when their segment began (format <c>callmetrics-engine-3</c>, by
    /// main at c8be56b from the first 9 events of Fixtures/engine-3-legs.jsonl, with a1 in wrap and a2 on hold)
    /// restores, continues exactly, and shows a wrap's start exactly and a hold's from the last minute it accrued.
    /// </summary>
    [Fact]
    public void A_snapshot_of_the_format_before_legs_recorded_their_segment_start_still_restores()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Snapshots", "Fixtures", "engine-3-legs.jsonl"));
        var snapshot = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Snapshots", "Fixtures", "engine-3-legs-9-of-16.snapshot"));
        Encoding.UTF8.GetString(snapshot, 1, 20).Should().Be("callmetrics-engine-3");

        var symbols = new SymbolTable();
        var agents = MetricsEngine.Restore(new MemoryStream(snapshot), symbols, Options, new Collector(symbols)).Agents(symbols).ToDictionary(a => a.Agent);
        ResumeFrom(snapshot, lines, cut: 9, stateMarks: false);

        (agents["a1"].Activity, agents["a1"].ActivitySince).Should().Be(("wrap", Nanos("09:04:30")), "the wrap deadline less max_wrap");
        (agents["a2"].Activity, agents["a2"].ActivitySince).Should().Be(("hold", Nanos("09:04:00")), "held at 09:03:20, accrued up to the 09:04 step");
    }

    [Fact]
    public void A_restored_engine_shows_every_agents_status_and_activity_with_their_start()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Snapshots", "Fixtures", "engine-3-legs.jsonl"));
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(Options with { Lateness = TimeSpan.Zero }, new Collector(symbols));
        foreach (var line in lines.Take(9))
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e);
            engine.Accept(e);
        }

        using var buffer = new MemoryStream();
        engine.Snapshot(buffer, symbols);
        buffer.Position = 0;
        var restoredSymbols = new SymbolTable();
        var restored = MetricsEngine.Restore(buffer, restoredSymbols, Options with { Lateness = TimeSpan.Zero }, new Collector(restoredSymbols));

        restored.Agents(restoredSymbols).Should().Equal(engine.Agents(symbols));
        restored.Agents(restoredSymbols).Select(a => (a.Activity, a.ActivitySince)).Should().Equal(("wrap", Nanos("09:04:30")), ("hold", Nanos("09:03:20")));
        Encoding.UTF8.GetString(buffer.ToArray(), 1, 20).Should().Be("callmetrics-engine-7");
    }

    [Fact]
    public void A_snapshot_of_an_unknown_format_is_refused()
    {
        var symbols = new SymbolTable();
        using var buffer = new MemoryStream();
        using (var w = new Core.Snapshots.SnapshotWriter(buffer, symbols))
        {
            w.String("callmetrics-engine-8");
        }

        var restore = () => MetricsEngine.Restore(new MemoryStream(buffer.ToArray()), symbols, Options, new Collector(symbols));

        restore.Should().Throw<InvalidDataException>().WithMessage("*'callmetrics-engine-8' is not callmetrics-engine-2 to 7*");
    }

    // The snapshot, taken after the first cut lines, restored and given the rest: its output is the uninterrupted run's
    // after the cut, and the lines before the cut are duplicates. A format before 6 does not know each key's last
    // event, so the state lines a key writes only for a recent event may be missing: those formats are compared
    // without the state series (whose counts are recounted from the sessions, exactly).
    private static void ResumeFrom(byte[] snapshot, string[] lines, int cut, bool stateMarks = true)
    {
        var uninterrupted = new StringBuilder();
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(Options, new Collector(symbols, uninterrupted));
        var beforeCut = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == cut)
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
        var duplicates = 0;
        for (var i = 0; i < cut; i++)
        {
            // METRICS: a copy older than the watermark is late (decided before duplicate); any other is a duplicate.
            resumedDecoder.Decode(Encoding.UTF8.GetBytes(lines[i]), out var copy);
            var verdict = copy.Timestamp < resumed.SourceWatermark(0) ? Core.Ordering.AcceptResult.Late : Core.Ordering.AcceptResult.Duplicate;
            resumed.Accept(copy).Should().Be(verdict, "line {0} was accepted before the snapshot", i);
            duplicates += verdict == Core.Ordering.AcceptResult.Duplicate ? 1 : 0;
        }

        duplicates.Should().BePositive("the snapshot's ids are remembered");

        for (var i = cut; i < lines.Length; i++)
        {
            resumedDecoder.Decode(Encoding.UTF8.GetBytes(lines[i]), out var e);
            resumed.Accept(e);
        }

        resumed.Complete();
        var afterCut = uninterrupted.ToString(beforeCut, uninterrupted.Length - beforeCut);

        // A snapshot from before format 7 holds no outcomes, percentile values, call types or contacts: the windows
        // open at the cut lose what came before it in those, so those formats are compared on the fields they had.
        var predates = Encoding.UTF8.GetString(snapshot, 1, 20) != "callmetrics-engine-7";
        string Comparable(string text) => predates ? ScenarioOutput.WithoutSection(text) : text;
        Lines(Comparable(resumedOutput.ToString()), stateMarks).Should().Equal(Lines(Comparable(afterCut), stateMarks));
        resumedOutput.Length.Should().BePositive();
    }

    private static long Nanos(string time) => Scenario.Create().Nanos(time);

    private static List<string> Lines(string output, bool withState) =>
        [.. output.Split('\n').Where(l => withState || !l.Contains(",kind=state", StringComparison.Ordinal))];

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
