using System.Diagnostics;
using System.Globalization;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--loop STAGE SECONDS [agents]</c>: runs one stage over and over, for a sampling profiler to attach
/// (<c>DOTNET_PerfMapEnabled=1 perf record -g</c>, see docs/PERFORMANCE.md). STAGE is core, core-rolling,
/// naive, decode, decode-aggregate or sessionize.
/// </summary>
internal static class LoopCommand
{
    public static int Run(string[] args)
    {
        var stage = args[0];
        var seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        var agents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = agents, Events = 600_000 });
        Func<long> body = stage switch
        {
            "core" => () => Stages.Core(w.Events, Stages.Intervals),
            "core-rolling" => () => Stages.Core(w.Events, Stages.IntervalsAndRolling),
            "naive" => () => Stages.Naive(w.Events, Stages.Intervals),
            "decode" => () => Stages.DecodeOnly(w),
            "decode-aggregate" => () => Stages.DecodeAggregate(w, Stages.Intervals),
            "sessionize" => () => CoreBreakdown.Sessionize(w.Events, Stages.Intervals),
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage}: {runs} runs, {runs * w.Count / watch.Elapsed.TotalSeconds:F0} events/s, {runs * w.Count / cpuSeconds:F0} per CPU-s ({check})"));
        return 0;
    }
}
