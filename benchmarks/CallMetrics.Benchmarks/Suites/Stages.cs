using System.Text.Json;
using CallMetrics.Benchmarks.Baselines;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;
using CallMetrics.Replay;

namespace CallMetrics.Benchmarks.Suites;

/// <summary>
/// The measured bodies, shared by the BenchmarkDotNet suites and the <c>--quick</c> harness so both
/// time exactly the same code. Each returns a number derived from all of its work so nothing is
/// optimised away.
/// </summary>
public static class Stages
{
    /// <summary>Replay's defaults: 15 min intervals only.</summary>
    public static readonly MetricsOptions Intervals = new();

    /// <summary>The live service's shape: 15 min intervals and 15 min rolling windows every minute.</summary>
    public static readonly MetricsOptions IntervalsAndRolling = new() { Rolling = MetricsDefaults.Rolling };

    /// <summary>The options for a benchmark parameter value.</summary>
    public static MetricsOptions ForWindows(string windows) => windows switch
    {
        "intervals" => Intervals,
        "intervals+rolling" => IntervalsAndRolling,
        _ => throw new ArgumentOutOfRangeException(nameof(windows), windows, "intervals or intervals+rolling"),
    };

    /// <summary>The aggregation core over pre-decoded events: dedupe, reorder, sessionize, window.</summary>
    public static long Core(CanonicalEvent[] events, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new CountingSink();
        var engine = new MetricsEngine(options, sink);
        AcceptAll(engine, events, 0, events.Length);
        engine.Complete();
        return sink.Lines;
    }

    /// <summary>
    /// Events <paramref name="from"/>..<paramref name="to"/> into the engine the way the service's shards and replay
    /// hand them over: as one batch, which the engine prefetches itself.
    /// </summary>
    public static void AcceptAll(MetricsEngine engine, CanonicalEvent[] events, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(engine);
        engine.Accept(events.AsSpan(from, to - from), source: 0, observer: null);
    }

    /// <summary>
    /// An engine that has already taken the first <paramref name="warm"/> events: agents logged in, calls
    /// open, pools and tables grown. <see cref="CoreRest"/> then times the steady state a long-running service is in.
    /// </summary>
    public static (MetricsEngine Engine, CountingSink Sink, int From) WarmEngine(CanonicalEvent[] events, MetricsOptions options, int warm)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new CountingSink();
        var engine = new MetricsEngine(options, sink);
        AcceptAll(engine, events, 0, warm);

        return (engine, sink, warm);
    }

    /// <summary>
    /// Events a steady-state measurement warms an engine with before timing: at least 30 per agent so every
    /// agent is past its login and has been through a few calls (with 12 events per call, ~2.5 answered calls
    /// each) before the timed stretch starts (half of 1M events, as before, left a 100k-agent center inside its
    /// login storm with ~5 events per agent in the timed half), and at least 3M, so that every size starts
    /// with the same dedupe table. The table holds the ids of the last 24-48 h; its size follows events
    /// processed, not agents. With 500k a 1k-agent center was timed against a table of 0.5M ids that fits in
    /// the L3 cache and was still doubling, a 100k-agent one against 3M ids in DRAM: the sweep measured the
    /// table's age, not the center's size. 3M events are 30 h at 1k agents (the table at its full size, as
    /// in a running service), 20 min at 100k (a larger table costs no more: --loop steady-core after 8M
    /// events runs as fast as after 3M).
    /// </summary>
    public static int SteadyWarmEvents(int agents) => Math.Max(3_000_000, 30 * agents);

    /// <summary>
    /// Events a steady-state measurement times, right after <see cref="SteadyWarmEvents"/>: at least 2M (with
    /// 500k a small center's run took 0.1 CPU-s, where the process CPU clock's granularity showed: two points
    /// of a sweep came out with the same figure), and at least 25 per agent, which is ~15 minutes of event
    /// time in large centers (an agent sees ~1.7 events a minute), so the timed stretch holds at least one
    /// interval boundary (flush of every open agent, fold, emit) as a stream does, no more often and no less.
    /// </summary>
    public static int SteadyTimedEvents(int agents) => Math.Max(2_000_000, 25 * agents);

    /// <summary>
    /// The events from <c>warm.From</c> up to <paramref name="end"/> into a warm engine, without end of input:
    /// a running stream never ends, and the end-of-input flush (every open agent, every window) would count
    /// the work of one extra boundary against a few minutes of events in a large center.
    /// </summary>
    public static long StreamRest(CanonicalEvent[] events, (MetricsEngine Engine, CountingSink Sink, int From) warm, int end)
    {
        ArgumentNullException.ThrowIfNull(events);
        var engine = warm.Engine;
        AcceptAll(engine, events, warm.From, end);
        return warm.Sink.Lines + engine.Buffered;
    }

    /// <summary>The rest of the events into a warm engine, then end of input.</summary>
    public static long CoreRest(CanonicalEvent[] events, (MetricsEngine Engine, CountingSink Sink, int From) warm)
    {
        ArgumentNullException.ThrowIfNull(events);
        var engine = warm.Engine;
        AcceptAll(engine, events, warm.From, events.Length);

        engine.Complete();
        return warm.Sink.Lines;
    }

    /// <summary>The naive baseline over the same events: raw events kept, each window re-aggregated with dictionaries.</summary>
    public static long Naive(CanonicalEvent[] events, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        var naive = new NaiveWindowAggregator(options);
        for (var i = 0; i < events.Length; i++)
        {
            naive.Accept(events[i]);
        }

        naive.Complete();
        return naive.Lines;
    }

    /// <summary>The parse floor: the same bytes decoded into events (names interned), nothing else.</summary>
    public static long DecodeOnly(CallCenterWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var decoder = new EventDecoder(new SymbolTable());
        long check = 0;
        for (var i = 0; i < workload.Count; i++)
        {
            if (decoder.Decode(workload.Line(i), out var e).IsOk)
            {
                check += e.Agent + (int)e.Type;
            }
        }

        return check;
    }

    /// <summary>Below the parse floor: only tokenising the JSON with <see cref="Utf8JsonReader"/>, no field capture.</summary>
    public static long TokenizeOnly(CallCenterWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        long tokens = 0;
        for (var i = 0; i < workload.Count; i++)
        {
            var reader = new Utf8JsonReader(workload.Line(i));
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    /// <summary>
    /// The replay path in-process: the replay wiring of the streaming graph reading the JSON from memory through its line reader,
    /// decoding, aggregating and formatting line protocol into a writer that discards it. The same work as
    /// <c>callmetrics replay</c> without process start-up, JIT warm-up and file I/O.
    /// </summary>
    public static long ReplayInProcess(CallCenterWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        using var input = new MemoryStream(workload.Json, writable: false);
        using var output = new StreamWriter(Stream.Null, new System.Text.UTF8Encoding(false), 1 << 16);
        using var deadLetters = new DeadLetterFileWriter(TextWriter.Null);
        var summary = CallMetrics.Streaming.Wiring.ReplayWiring.RunAsync(Intervals, input, output, deadLetters, translator: null, CancellationToken.None).GetAwaiter().GetResult();
        return summary.LinesWritten;
    }

    /// <summary>Decode and aggregate on one thread: what one replay or one partition does before formatting.</summary>
    public static long DecodeAggregate(CallCenterWorkload workload, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var decoder = new EventDecoder(new SymbolTable());
        var sink = new CountingSink();
        var engine = new MetricsEngine(options, sink);
        for (var i = 0; i < workload.Count; i++)
        {
            if (decoder.Decode(workload.Line(i), out var e).IsOk)
            {
                engine.Accept(e);
            }
        }

        engine.Complete();
        return sink.Lines;
    }
}
