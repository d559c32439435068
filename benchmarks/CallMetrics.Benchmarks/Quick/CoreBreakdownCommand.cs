using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.Quick;

/// <summary><c>--core-breakdown [agents] [events]</c>: the per-part Stopwatch profile of the core, as JSON.</summary>
internal static class CoreBreakdownCommand
{
    public static int Run(string[] args)
    {
        var agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = agents, Events = events });
        var result = new JsonObject
        {
            ["agents"] = agents,
            ["events"] = workload.Count,
            ["intervals"] = CoreBreakdown.Measure(workload, Stages.Intervals),
            ["intervals+rolling"] = CoreBreakdown.Measure(workload, Stages.IntervalsAndRolling),
        };
        Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
