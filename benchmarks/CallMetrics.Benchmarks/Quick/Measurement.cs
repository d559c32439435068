using System.Diagnostics;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>The median of a few timed runs of one stage.</summary>
public sealed record Measurement(string Name, long Events, double MedianSeconds, double MinSeconds, double MaxSeconds, double BytesPerEvent, int Runs, double GcPauseSeconds, int Gen0, int Gen1, int Gen2, double MedianCpuSeconds)
{
    /// <summary>Events per second at the median run time.</summary>
    public double EventsPerSecond => Events / MedianSeconds;

    /// <summary>
    /// Events per second of this process's CPU time (median run by CPU time). On a machine shared with
    /// other builds the wall clock includes time the stage spent waiting for a core; CPU time does not,
    /// so this figure moves much less with the neighbours' load. The stages are single-threaded.
    /// </summary>
    public double EventsPerCpuSecond => Events / MedianCpuSeconds;

    /// <summary>
    /// Times <paramref name="body"/> (which processes <paramref name="events"/> events): <paramref name="warmups"/>
    /// untimed runs so the JIT reaches tier 1, then <paramref name="runs"/> timed ones after a full GC each.
    /// Bytes per event are this thread's allocations in the median-time run; GC pause time and
    /// collections are those of that run too.
    /// </summary>
    public static Measurement Run(string name, long events, Func<long> body, int warmups = 1, int runs = 5)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run(name, events, static () => 0, _ => body(), warmups, runs);
    }

    /// <summary>Like the other overload, with an untimed <paramref name="setup"/> before every run whose result the timed <paramref name="body"/> takes.</summary>
    public static Measurement Run<TState>(string name, long events, Func<TState> setup, Func<TState, long> body, int warmups = 1, int runs = 5)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(body);
        long check = 0;
        for (var i = 0; i < warmups; i++)
        {
            check += body(setup());
        }

        var samples = new (double Seconds, long Bytes, double Pause, int Gen0, int Gen1, int Gen2, double Cpu)[runs];
        for (var i = 0; i < runs; i++)
        {
            var state = setup();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var pause = GC.GetTotalPauseDuration();
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            check += body(state);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            samples[i] = (elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated, (GC.GetTotalPauseDuration() - pause).TotalSeconds,
                GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, cpuSeconds);
        }

        GC.KeepAlive(check);
        var cpuMedian = samples.Select(x => x.Cpu).Order().ElementAt(runs / 2);
        Array.Sort(samples);
        var median = samples[runs / 2];
        return new Measurement(name, events, median.Seconds, samples[0].Seconds, samples[^1].Seconds, (double)median.Bytes / events, runs,
            median.Pause, median.Gen0, median.Gen1, median.Gen2, cpuMedian);
    }
}
