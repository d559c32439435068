using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>Prefetching is a hint: whatever the engine or the sessionizer is told to prefetch, the output is the same.</summary>
public sealed class PrefetchTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 10).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Batches_of_any_size_and_prefetching_any_events_at_any_time_never_change_the_output(int seed)
    {
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };
        var lines = RandomCallCenter.Generate(seed).Lines;
        var plain = Run(lines, options, batched: false);
        var prefetched = Run(lines, options, batched: true, new Random(seed));

        plain.Should().NotBeEmpty();
        prefetched.Should().Be(plain);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_sessionizers_three_prefetch_steps_on_any_events_never_change_the_output(int seed)
    {
        var options = new MetricsOptions { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };
        var lines = RandomCallCenter.Generate(seed).Lines;
        var plain = RunSessionizer(lines, options, prefetch: null);
        var random = new Random(seed);
        var prefetched = RunSessionizer(lines, options, (sessionizer, events, i) =>
        {
            // As the release loop does (slots, sessions, legs of the events 24, 16 and 8 ahead), then random ones:
            // past events whose sessions are gone, future ones whose sessions do not exist yet.
            var store = sessionizer.Store;
            store.TouchSlots(events[Math.Min(i + 24, events.Length - 1)]);
            store.Touch(events[Math.Min(i + 16, events.Length - 1)]);
            store.TouchLegs(events[Math.Min(i + 8, events.Length - 1)]);
            store.TouchSlots(events[random.Next(events.Length)]);
            store.Touch(events[random.Next(events.Length)]);
            store.TouchLegs(events[random.Next(events.Length)]);
        });

        plain.Should().NotBeEmpty();
        prefetched.Should().Be(plain);
    }

    private static string RunSessionizer(IReadOnlyList<string> lines, MetricsOptions options, Action<Core.Sessions.Sessionizer, CanonicalEvent[], int>? prefetch)
    {
        var symbols = new SymbolTable();

        // The sessionizer takes events in time order (stable).
        var array = Decode(lines, symbols).Select((e, i) => (e, i)).OrderBy(p => p.e.Timestamp).ThenBy(p => p.i).Select(p => p.e).ToArray();
        var sink = new TextSink(new LineProtocolFormatter(symbols));
        var sessionizer = new Core.Sessions.Sessionizer(options, sink);
        for (var i = 0; i < array.Length; i++)
        {
            prefetch?.Invoke(sessionizer, array, i);
            sessionizer.Apply(array[i]);
        }

        sessionizer.Finish(array[^1].Timestamp);
        return sink.Text.ToString();
    }

    // One event at a time with no hint, or batches of random sizes (the engine prefetches ahead within each) with
    // random hints between them: past events, future ones, repeated ones.
    private static string Run(IReadOnlyList<string> lines, MetricsOptions options, bool batched, Random? random = null)
    {
        var symbols = new SymbolTable();
        var array = Decode(lines, symbols);
        var sink = new TextSink(new LineProtocolFormatter(symbols));
        var engine = new MetricsEngine(options, sink);
        if (!batched)
        {
            foreach (var e in array)
            {
                engine.Accept(e);
            }
        }
        else
        {
            for (var from = 0; from < array.Length;)
            {
                var length = Math.Min(random!.Next(1, 64), array.Length - from);
                engine.Accept(array.AsSpan(from, length), source: 0, observer: null);
                engine.Prefetch(array[random.Next(array.Length)]);
                from += length;
            }
        }

        engine.Complete();
        return sink.Text.ToString();
    }

    private static CanonicalEvent[] Decode(IReadOnlyList<string> lines, SymbolTable symbols)
    {
        var decoder = new EventDecoder(symbols);
        var events = new List<CanonicalEvent>();
        foreach (var line in lines)
        {
            if (decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk)
            {
                events.Add(e);
            }
        }

        return [.. events];
    }

    private sealed class TextSink(LineProtocolFormatter formatter) : IWindowSink
    {
        public StringBuilder Text { get; } = new();

        public void OnWindows(IReadOnlyList<WindowResult> windows) => formatter.Format(windows, Text);
    }
}
