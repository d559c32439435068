using System.Diagnostics;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>The median of a few timed runs of one stage.</summary>
public sealed record Measurement(string Name, long Events, double MedianSeconds, double MinSeconds, double MaxSeconds, double BytesPerEvent, int Runs)
{
    /// <summary>Events per second at the median run time.</summary>
    public double EventsPerSecond => Events / MedianSeconds;

    /// <summary>
    /// Times <paramref name="body"/> (which processes <paramref name="events"/> events): <paramref name="warmups"/>
    /// untimed runs so the JIT reaches tier 1, then <paramref name="runs"/> timed ones after a full GC each.
    /// Bytes per event are this thread's allocations in the median-time run.
    /// </summary>
    public static Measurement Run(string name, long events, Func<long> body, int warmups = 1, int runs = 5)
    {
        ArgumentNullException.ThrowIfNull(body);
        long check = 0;
        for (var i = 0; i < warmups; i++)
        {
            check += body();
        }

        var samples = new (double Seconds, long Bytes)[runs];
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            check += body();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            samples[i] = (elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated);
        }

        GC.KeepAlive(check);
        Array.Sort(samples);
        var median = samples[runs / 2];
        return new Measurement(name, events, median.Seconds, samples[0].Seconds, samples[^1].Seconds, (double)median.Bytes / events, runs);
    }
}
