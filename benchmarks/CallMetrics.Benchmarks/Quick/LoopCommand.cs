using System.Diagnostics;
using System.Globalization;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--loop STAGE SECONDS [agents] [warm-up events]</c>: runs one stage over and over, for a sampling profiler to attach
/// (<c>DOTNET_PerfMapEnabled=1 perf record -g</c>, see docs/PERFORMANCE.md). STAGE is core, core-rolling,
/// naive, decode, decode-aggregate, sessionize, graph or replay (each run cold: a new engine over 600k events), or
/// steady-core / steady-sessionize: one engine (or sessionizer) warmed untimed with
/// <see cref="Stages.SteadyWarmEvents"/> events (or the number given, e.g. to see what a larger dedupe table
/// costs), then fed the following events, up to SECONDS worth (at most 2M, or up to 5M in all), once. With <c>PERF_CTL_FIFO</c> set it writes <c>enable</c> there when timing
/// starts, for <c>perf record -D -1 --control fifo:PATH</c> to sample only the steady state.
/// </summary>
internal static class LoopCommand
{
    public static int Run(string[] args)
    {
        var stage = args[0];
        var seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        var agents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        if (stage is "steady-core" or "steady-sessionize")
        {
            var warmUp = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Stages.SteadyWarmEvents(agents);
            return Steady(stage, seconds, agents, warmUp);
        }

        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = agents, Events = 600_000 });
        var graphBatches = stage == "graph" ? GraphStage.Batches(w) : null;
        Func<long> body = stage switch
        {
            "core" => () => Stages.Core(w.Events, Stages.Intervals),
            "core-rolling" => () => Stages.Core(w.Events, Stages.IntervalsAndRolling),
            "naive" => () => Stages.Naive(w.Events, Stages.Intervals),
            "decode" => () => Stages.DecodeOnly(w),
            "decode-aggregate" => () => Stages.DecodeAggregate(w, Stages.Intervals),
            "sessionize" => () => CoreBreakdown.Sessionize(w.Events, Stages.Intervals),
            "graph" => () => GraphStage.RunOnce(graphBatches!),
            "replay" => () => Stages.ReplayInProcess(w),
            _ => throw new ArgumentOutOfRangeException(nameof(args), stage, "unknown stage"),
        };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long runs = 0, check = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            check += body();
            runs++;
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage}: {runs} runs, {runs * w.Count / watch.Elapsed.TotalSeconds:F0} events/s, {runs * w.Count / cpuSeconds:F0} per CPU-s, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} ({check})"));
        return 0;
    }

    private static int Steady(string stage, double seconds, int agents, int warm)
    {
        var timed = (int)Math.Clamp(seconds * 2_000_000, 500_000, Math.Max(2_000_000, 5_000_000 - warm));
        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = agents, Events = warm + timed });
        var sink = new CountingSink();
        var engine = new CallMetrics.Core.Processing.MetricsEngine(Stages.Intervals, sink);
        var sessionizer = new CallMetrics.Core.Sessions.Sessionizer(Stages.Intervals, sink);
        var core = stage == "steady-core";
        if (core)
        {
            Stages.AcceptAll(engine, w.Events, 0, warm);
        }
        else
        {
            for (var i = 0; i < warm; i++)
            {
                sessionizer.Apply(w.Events[i]);
            }
        }

        GC.Collect();
        if (Environment.GetEnvironmentVariable("PERF_CTL_FIFO") is { Length: > 0 } fifo)
        {
            File.WriteAllText(fifo, "enable\n");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        if (core)
        {
            Stages.AcceptAll(engine, w.Events, warm, w.Count);
        }
        else
        {
            for (var i = warm; i < w.Count; i++)
            {
                sessionizer.Apply(w.Events[i]);
            }
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var n = w.Count - warm;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage}: {n} events after {warm}, {n / elapsed:F0} events/s, {n / cpuSeconds:F0} per CPU-s, {(double)bytes / n:F1} B/event ({sink.Lines})"));
        return 0;
    }
}
