using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary><see cref="MetricsEngine.Prefetch(ReadOnlySpan{CanonicalEvent})"/> is a hint: whatever it is given, the output is the same.</summary>
public sealed class PrefetchTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 10).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Prefetching_any_events_at_any_time_never_changes_the_output(int seed)
    {
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };
        var lines = RandomCallCenter.Generate(seed).Lines;
        var plain = Run(lines, options, prefetch: null);
        var random = new Random(seed);
        var prefetched = Run(lines, options, (engine, events, i) =>
        {
            // The next batch, as the shards do, and now and then a random stretch (past, future, repeated).
            if (i % MetricsEngine.PrefetchBatch == 0)
            {
                engine.Prefetch(events.AsSpan(i, Math.Min(MetricsEngine.PrefetchBatch, events.Length - i)));
            }

            var from = random.Next(events.Length);
            engine.Prefetch(events.AsSpan(from, Math.Min(random.Next(64), events.Length - from)));
            engine.Prefetch(events[random.Next(events.Length)]);
        });

        plain.Should().NotBeEmpty();
        prefetched.Should().Be(plain);
    }

    private static string Run(IReadOnlyList<string> lines, MetricsOptions options, Action<MetricsEngine, CanonicalEvent[], int>? prefetch)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var events = new List<CanonicalEvent>();
        foreach (var line in lines)
        {
            if (decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk)
            {
                events.Add(e);
            }
        }

        var sink = new TextSink(new LineProtocolFormatter(symbols));
        var engine = new MetricsEngine(options, sink);
        var array = events.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            prefetch?.Invoke(engine, array, i);
            engine.Accept(array[i]);
        }

        engine.Complete();
        return sink.Text.ToString();
    }

    private sealed class TextSink(LineProtocolFormatter formatter) : IWindowSink
    {
        public StringBuilder Text { get; } = new();

        public void OnWindows(IReadOnlyList<WindowResult> windows) => formatter.Format(windows, Text);
    }
}
