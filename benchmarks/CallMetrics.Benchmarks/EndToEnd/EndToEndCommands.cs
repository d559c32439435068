using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Quick;
using CallMetrics.Benchmarks.Workload;

namespace CallMetrics.Benchmarks.EndToEnd;

/// <summary>
/// The longer end-to-end runs behind docs/PERFORMANCE.md: <c>--broker-full [events] [runs]</c> (broker → sink with the
/// consume-only baseline) and <c>--live-latency [seconds] [events/s] [--CallMetrics:Section:Key=value ...]</c> (event → visible
/// on the live endpoint; the extra arguments go to the service's configuration, to try settings). Each prints one JSON object.
/// </summary>
internal static class EndToEndCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int BrokerFull(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = events });
        var timeout = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 600);
        var result = BrokerStage.Run(w, runs, runs, timeout);
        Print(result);
        return 0;
    }

    public static int LiveLatency(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 120;
        var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : LiveLatencyStage.TargetRate;
        var events = (int)Math.Min(int.MaxValue / 4, (seconds + 5) * rate);
        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = events });
        var result = LiveLatencyStage.Run(w, TimeSpan.FromSeconds(seconds), rate, args.Length > 2 ? args[2..] : []);
        Print(result);
        return 0;
    }

    private static void Print(JsonObject result)
    {
        result["machine"] = QuickRun.Machine();
        result["load_average"] = QuickRun.LoadAverage();
        Console.WriteLine(result.ToJsonString(Indented));
    }
}
