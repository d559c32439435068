using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// The longer measurements behind docs/PERFORMANCE.md that do not fit BenchmarkDotNet: the scaling sweep
/// for the plot (<c>--scaling</c>) and whole-process replay of a ~1 GB file (<c>--replay-full</c>). Both print one JSON object.
/// </summary>
internal static class FullRuns
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>--scaling [agents...]</c>: steady-state core throughput by agents (1k..100k) and by events per call (8..20).
    /// Each point warms a fresh engine with <see cref="Stages.SteadyWarmEvents"/> events and times the next
    /// <see cref="Stages.SteadyTimedEvents"/> (without end of input); the naive baseline runs over the first 1M events.
    /// </summary>
    public static int Scaling(string[] args)
    {
        var sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : new[] { 1_000, 3_000, 10_000, 30_000, 100_000 };
        var byAgents = new JsonArray();
        foreach (var agents in sizes)
        {
            byAgents.Add(Point(new WorkloadOptions { Agents = agents, EventsPerCall = 12 }));
        }

        var byEventsPerCall = new JsonArray();
        foreach (var perCall in args.Length > 0 ? [] : new[] { 8, 12, 16, 20 })
        {
            byEventsPerCall.Add(Point(new WorkloadOptions { Agents = 10_000, EventsPerCall = perCall }));
        }

        Console.WriteLine(new JsonObject
        {
            ["what"] = $"core (intervals), pre-decoded events, steady state (max(2M, 25 x agents) events, >= 15 min of event time, timed without end of input right after max(3M, 30 x agents) events that warm a fresh engine, so that every size starts with the same day of dedupe ids), median of 5 after 1 warm-up; naive over the first 1M events",
            ["machine"] = QuickRun.Machine(),
            ["by_agents"] = byAgents,
            ["by_events_per_call"] = byEventsPerCall,
        }.ToJsonString(Indented));
        return 0;
    }

    private static JsonObject Point(WorkloadOptions options)
    {
        var warmEvents = Stages.SteadyWarmEvents(options.Agents);
        var w = CallCenterWorkload.Create(options with { Events = warmEvents + Stages.SteadyTimedEvents(options.Agents) });
        var timed = w.Count - warmEvents;
        var naiveEvents = w.Events[..Math.Min(w.Count, 1_000_000)];
        var answeredInWarmUp = 0;
        for (var i = 0; i < warmEvents; i++)
        {
            answeredInWarmUp += w.Events[i].Type == EventType.CallAnswered ? 1 : 0;
        }

        // --retention 1m --dedupe-horizon 1m: ended calls and remembered ids for about the lateness only (the dedupe horizon
        // became its own option; before, the retention alone shrank the dedupe set), which leaves mostly the sessionizer.
        var shortRetention = Stages.Intervals with { Retention = Stages.Intervals.Lateness, DedupeHorizon = Stages.Intervals.Lateness };
        var engine = Measurement.Run("steady", timed, () => Stages.WarmEngine(w.Events, Stages.Intervals, warmEvents), warm => Stages.StreamRest(w.Events, warm, w.Count), runs: 5);
        var engineShort = Measurement.Run("steady_short_retention", timed, () => Stages.WarmEngine(w.Events, shortRetention, warmEvents), warm => Stages.StreamRest(w.Events, warm, w.Count), runs: 5);
        var naive = Measurement.Run("naive", naiveEvents.Length, () => Stages.Naive(naiveEvents, Stages.Intervals), runs: 5);
        var point = new JsonObject
        {
            ["agents"] = options.Agents,
            ["events_per_call_target"] = options.EventsPerCall,
            ["events_per_call"] = Math.Round(w.PlannedEventsPerCall, 2),
            ["events"] = w.Count,
            ["warm_up_events"] = warmEvents,
            ["timed_events"] = timed,
            ["warm_up_answers_per_agent"] = Math.Round((double)answeredInWarmUp / options.Agents, 1),
            ["warm_up_event_time_hours"] = Math.Round((w.Events[warmEvents - 1].Timestamp - w.Events[0].Timestamp) / 3.6e12, 2),
            ["timed_event_time_hours"] = Math.Round((w.Events[^1].Timestamp - w.Events[warmEvents].Timestamp) / 3.6e12, 2),
            ["event_time_hours"] = Math.Round(w.SpanSeconds / 3600, 2),
            ["engine_events_per_s"] = Math.Round(engine.EventsPerSecond),
            ["engine_events_per_cpu_s"] = Math.Round(engine.EventsPerCpuSecond),
            ["engine_bytes_per_event"] = Math.Round(engine.BytesPerEvent, 1),
            ["engine_retention_1m_events_per_s"] = Math.Round(engineShort.EventsPerSecond),
            ["engine_retention_1m_events_per_cpu_s"] = Math.Round(engineShort.EventsPerCpuSecond),
            ["naive_events_per_s"] = Math.Round(naive.EventsPerSecond),
            ["naive_events_per_cpu_s"] = Math.Round(naive.EventsPerCpuSecond),
        };
        Console.Error.WriteLine(point.ToJsonString());
        return point;
    }

    /// <summary><c>--replay-full [bytes] [runs]</c>: generates ~1 GB of events in a temp directory and times <c>callmetrics replay</c> on it.</summary>
    public static int Replay(string[] args)
    {
        var targetBytes = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1L << 30;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var directory = Directory.CreateTempSubdirectory("callmetrics-replay-");
        try
        {
            var path = Path.Combine(directory.FullName, "events.jsonl");
            var events = (int)(targetBytes / 200);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (written, bytes) = CallCenterWorkload.WriteFile(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = events }, path);
            var generateSeconds = watch.Elapsed.TotalSeconds;
            var samples = new JsonArray();
            var times = new List<double>();
            var cpuTimes = new List<double>();
            long rss = 0;
            ReplayProcess.RunOnce(path); // warm the page cache
            for (var i = 0; i < runs; i++)
            {
                var (seconds, peak, cpu) = ReplayProcess.RunOnce(path);
                times.Add(seconds);
                cpuTimes.Add(cpu);
                rss = Math.Max(rss, peak);
                samples.Add(Math.Round(seconds, 2));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: {seconds:F2} s ({cpu:F2} s CPU), {written / seconds:F0} events/s, peak RSS {peak / 1e6:F0} MB"));
            }

            times.Sort();
            cpuTimes.Sort();
            var median = times[runs / 2];
            var medianCpu = cpuTimes[runs / 2];
            Console.WriteLine(new JsonObject
            {
                ["what"] = "callmetrics replay --input FILE --quiet > /dev/null, whole process, wall clock, median after one page-cache warm-up run",
                ["machine"] = QuickRun.Machine(),
                ["events"] = written,
                ["file_bytes"] = bytes,
                ["generate_seconds"] = Math.Round(generateSeconds, 1),
                ["run_seconds"] = samples,
                ["median_seconds"] = Math.Round(median, 2),
                ["events_per_s"] = Math.Round(written / median),
                ["median_cpu_seconds"] = Math.Round(medianCpu, 2),
                ["events_per_cpu_s"] = medianCpu > 0 ? Math.Round(written / medianCpu) : null,
                ["mb_per_s"] = Math.Round(bytes / median / 1e6, 1),
                ["peak_rss_bytes"] = rss,
            }.ToJsonString(Indented));
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
