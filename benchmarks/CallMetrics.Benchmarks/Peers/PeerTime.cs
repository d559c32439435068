using System.Diagnostics;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>The median of a subject's timed runs (wall and CPU, each its own median) and the subset of its last run.</summary>
internal sealed record PeerTime(long Events, double WallSeconds, double CpuSeconds, double MinSeconds, double MaxSeconds, int Warmups, int Runs, MetricsSubset Subset)
{
    public double EventsPerSecond => Events / WallSeconds;

    /// <summary>Per second of this process's CPU time: moves less than the wall clock with the neighbours' load.</summary>
    public double EventsPerCpuSecond => Events / CpuSeconds;

    /// <summary>
    /// <paramref name="warmups"/> untimed runs (JIT, pools), then <paramref name="runs"/> timed ones, each prepared
    /// untimed and started after a full collection.
    /// </summary>
    public static PeerTime Measure(IPeer peer, PeerWorkload workload, int warmups, int runs)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(workload);
        for (var i = 0; i < warmups; i++)
        {
            peer.Prepare(workload)();
        }

        var walls = new double[runs];
        var cpus = new double[runs];
        MetricsSubset? last = null;
        for (var i = 0; i < runs; i++)
        {
            var run = peer.Prepare(workload);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            var result = run();
            walls[i] = result.WallSeconds ?? Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpus[i] = result.CpuSeconds ?? (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            last = result.Subset;
        }

        Array.Sort(walls);
        Array.Sort(cpus);
        return new PeerTime(workload.Count, walls[runs / 2], cpus[runs / 2], walls[0], walls[^1], warmups, runs, last!);
    }
}
