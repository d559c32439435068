using System.Diagnostics;
using System.Globalization;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--workload-info [agents] [events-per-call] [events]</c>: what the generator produces, for a sanity check;
/// <c>--write-events PATH [events] [agents] [events-per-call]</c>: writes a workload as a JSON Lines file (for replay by hand or under a profiler).
/// </summary>
internal static class WorkloadInfo
{
    public static int Run(string[] args)
    {
        var options = new WorkloadOptions
        {
            Agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000,
            EventsPerCall = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 12,
            Events = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000,
        };
        var watch = Stopwatch.StartNew();
        var workload = CallCenterWorkload.Create(options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload.Count} events, {workload.Calls} calls, {workload.PlannedEventsPerCall:F2} events/call ({workload.EventsPerCallInSample:F2} in sample), {workload.BytesPerEvent:F1} B/event, span {workload.SpanSeconds / 3600:F2} h, symbols {workload.Symbols.Count}, {watch.ElapsedMilliseconds} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines: engine {Suites.Stages.Core(workload.Events, Suites.Stages.Intervals)}, naive {Suites.Stages.Naive(workload.Events, Suites.Stages.Intervals)} (intervals); engine {Suites.Stages.Core(workload.Events, Suites.Stages.IntervalsAndRolling)}, naive {Suites.Stages.Naive(workload.Events, Suites.Stages.IntervalsAndRolling)} (intervals+rolling)"));
        var byType = workload.Events.GroupBy(e => e.Type).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
        Console.WriteLine(string.Join(' ', byType));
        for (var i = 0; i < 3; i++)
        {
            Console.WriteLine(System.Text.Encoding.UTF8.GetString(workload.Line(workload.Count / 2 + i)));
        }

        return 0;
    }

    public static int WriteEvents(string[] args)
    {
        var options = new WorkloadOptions
        {
            Events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
            Agents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000,
            EventsPerCall = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 12,
        };
        var (events, bytes) = CallCenterWorkload.WriteFile(options, args[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events} events, {bytes} bytes -> {args[0]}"));
        return 0;
    }
}
