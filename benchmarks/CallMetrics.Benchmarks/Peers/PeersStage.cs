using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Peers.AkkaStreams;
using CallMetrics.Benchmarks.Peers.KafkaStreams;
using CallMetrics.Benchmarks.Quick;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>
/// CallMetrics and its peers side by side in one process, on the same records: each subject timed over the whole
/// workload (median of several runs after a warm-up, untimed set-up per run), and each peer's subset checked against
/// CallMetrics' (<see cref="MetricsSubset"/>). Ratios are CallMetrics' rate over the peer's, so 10 means CallMetrics
/// is ten times faster.
/// </summary>
internal static class PeersStage
{
    /// <summary>The issue's goal: CallMetrics at least this many times the best peer.</summary>
    public const double TargetRatio = 10;

    /// <summary>The peers by name, in the order they run (CallMetrics, the reference, always runs first).</summary>
    public static readonly IReadOnlyList<string> PeerNames = ["streamiz_broker", "akka_streams", "naive"];

    /// <summary>The peers built on a library a team would pick, as opposed to the hand-written baseline.</summary>
    private static readonly string[] LibraryPeers = ["streamiz_broker", "akka_streams"];

    /// <summary>
    /// Measures CallMetrics and the peers (all, or those in <paramref name="only"/>): each <paramref name="runs"/>
    /// times after a warm-up, Streamiz at most <paramref name="brokerRuns"/> times after <paramref name="brokerWarmups"/>
    /// warm-ups (each of its runs spends ~8 s outside the timed window: a new cluster and topics, producing the input,
    /// the consumer group's join, closing). A peer that cannot run (no dev broker, a stall) is reported as
    /// unavailable with the reason; <c>Complete</c> in the result says whether every peer ran.
    /// </summary>
    public static (JsonObject Json, string Table, bool Equal, bool Complete) Run(PeerWorkload workload, int runs, IReadOnlyCollection<string>? only = null, int brokerRuns = int.MaxValue, int brokerWarmups = 1)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var subjects = new List<IPeer> { new CallMetricsPeer() };
        try
        {
            foreach (var name in PeerNames.Where(n => only is null || only.Contains(n)))
            {
                subjects.Add(name switch
                {
                    "streamiz_broker" => new StreamizBrokerPeer(),
                    "akka_streams" => new AkkaStreamsPeer(),
                    _ => new NaivePeer(),
                });
            }

            var results = new List<(IPeer Peer, PeerTime Time)>();
            var unavailable = new JsonObject();
            foreach (var subject in subjects)
            {
                try
                {
                    var broker = subject is StreamizBrokerPeer;
                    results.Add((subject, PeerTime.Measure(subject, workload, warmups: broker ? brokerWarmups : 1, broker ? Math.Min(runs, brokerRuns) : runs)));
                }
                catch (Exception e) when (subject is StreamizBrokerPeer && e is DllNotFoundException or InvalidOperationException or EntryPointNotFoundException or TypeInitializationException or TimeoutException)
                {
                    // The dev broker did not start or the application stalled: say so, and compare the others.
                    unavailable[subject.Name] = new JsonObject { ["status"] = "unavailable", ["reason"] = e.Message, ["description"] = subject.Description };
                }
            }

            var (json, table, equal) = Report(workload, runs, results);
            var subjectsNode = json["subjects"]!.AsObject();
            foreach (var (name, node) in unavailable.ToList())
            {
                unavailable.Remove(name);
                subjectsNode[name] = node;
                table += $"{Environment.NewLine}{name}: did not run: {node!["reason"]}{Environment.NewLine}";
            }

            return (json, table, equal, subjectsNode.Count == subjects.Count);
        }
        finally
        {
            foreach (var subject in subjects)
            {
                subject.Dispose();
            }
        }
    }

    private static (JsonObject Json, string Table, bool Equal) Report(PeerWorkload workload, int runs, List<(IPeer Peer, PeerTime Time)> results)
    {
        var reference = results[0].Time;
        var (handled, offered, answered, abandoned) = reference.Subset.Totals();
        var subjects = new JsonObject();
        var equal = true;
        foreach (var (peer, time) in results)
        {
            var (count, examples) = time.Subset.Differences(reference.Subset);
            equal &= count == 0;
            var node = new JsonObject
            {
                ["description"] = peer.Description,
                ["events_per_s"] = Math.Round(time.EventsPerSecond),
                ["events_per_cpu_s"] = Math.Round(time.EventsPerCpuSecond),
                ["min_max_s"] = new JsonArray(Math.Round(time.MinSeconds, 3), Math.Round(time.MaxSeconds, 3)),
                ["runs"] = time.Runs,
                ["warmups"] = time.Warmups,
                ["equal_to_callmetrics"] = count == 0,
            };
            if (!ReferenceEquals(time, reference))
            {
                node["callmetrics_speedup"] = Math.Round(reference.EventsPerSecond / time.EventsPerSecond, 2);
                node["callmetrics_speedup_cpu"] = Math.Round(reference.EventsPerCpuSecond / time.EventsPerCpuSecond, 2);
            }

            if (count > 0)
            {
                node["differences"] = count;
                node["difference_examples"] = new JsonArray([.. examples.Select(e => (JsonNode)e)]);
            }

            subjects[peer.Name] = node;
        }

        var peers = results.Skip(1).ToList();
        // No MaxBy: on an empty sequence of tuples it throws instead of giving the default.
        var best = peers.OrderByDescending(p => p.Time.EventsPerSecond).FirstOrDefault();
        var bestLibrary = peers.Where(p => LibraryPeers.Contains(p.Peer.Name)).OrderByDescending(p => p.Time.EventsPerSecond).FirstOrDefault();
        var ratio = best.Time is { } b ? reference.EventsPerSecond / b.EventsPerSecond : double.NaN;
        var w = workload.Workload;
        var json = new JsonObject
        {
            ["events_per_s"] = Math.Round(reference.EventsPerSecond),
            ["events_per_cpu_s"] = Math.Round(reference.EventsPerCpuSecond),
            ["equal_output"] = equal,
            ["best_peer"] = best.Peer?.Name,
            ["ratio_to_best_peer"] = best.Time is null ? null : Math.Round(ratio, 2),
            ["ratio_to_best_peer_cpu"] = best.Time is { } bc ? Math.Round(reference.EventsPerCpuSecond / bc.EventsPerCpuSecond, 2) : null,
            ["best_library_peer"] = bestLibrary.Peer?.Name,
            ["ratio_to_best_library_peer"] = bestLibrary.Time is { } l ? Math.Round(reference.EventsPerSecond / l.EventsPerSecond, 2) : null,
            ["ratio_to_best_library_peer_cpu"] = bestLibrary.Time is { } lc ? Math.Round(reference.EventsPerCpuSecond / lc.EventsPerCpuSecond, 2) : null,
            ["target_ratio_to_best_peer"] = TargetRatio,
            ["meets_target"] = ratio >= TargetRatio,
            ["workload"] = new JsonObject
            {
                ["events"] = workload.Count,
                ["agents"] = w.Options.Agents,
                ["event_time_hours"] = Math.Round(w.SpanSeconds / 3600, 2),
                ["occupancy"] = w.Options.Occupancy,
                ["every_wrap_ended"] = w.Options.EveryWrapEnded,
                ["subset_totals"] = new JsonObject { ["handled"] = handled, ["offered"] = offered, ["answered"] = answered, ["abandoned"] = abandoned },
                ["input"] = "every subject reads the same record values (one JSON event per byte array) and decodes them itself",
            },
            ["runs"] = runs,
            ["note"] = "each subject: its warm-ups, then the median of its runs (streamiz_broker: timed from the first call event folded to the last count windowed); "
                + "callmetrics_speedup = CallMetrics' events/s over the subject's (wall; _cpu: per CPU-second of this process)",
            ["subjects"] = subjects,
        };
        return (json, Table(workload, runs, results, subjects), equal);
    }

    private static string Table(PeerWorkload workload, int runs, List<(IPeer Peer, PeerTime Time)> results, JsonObject subjects)
    {
        var machine = QuickRun.Machine();
        var reference = results[0].Time;
        var w = workload.Workload;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Peers: {workload.Count:N0} events, {w.Options.Agents:N0} agents, {w.SpanSeconds / 3600:F1} h of event time, occupancy {w.Options.Occupancy:F2}, every wrap ended by wrap.ended; median of {string.Join('/', results.Select(r => r.Time.Runs).Distinct())} runs after {string.Join('/', results.Select(r => r.Time.Warmups).Distinct())} warm-up(s)");
        text.AppendLine(c, $"machine: {machine["cpu"]}, {machine["cores"]} cores, {machine["runtime"]}, load average {QuickRun.LoadAverage():F1}");
        text.AppendLine();
        text.AppendLine("| subject | events/s | events per CPU-s | CallMetrics is (wall / CPU) | subset equal |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var (peer, time) in results)
        {
            var ratio = ReferenceEquals(time, reference) ? "1x" : string.Create(c, $"{reference.EventsPerSecond / time.EventsPerSecond:F1}x / {reference.EventsPerCpuSecond / time.EventsPerCpuSecond:F1}x");
            var same = ReferenceEquals(time, reference) ? "reference" : (subjects[peer.Name]?["equal_to_callmetrics"]?.GetValue<bool>() == true ? "yes" : "**NO**");
            text.AppendLine(c, $"| {peer.Description} | {time.EventsPerSecond:N0} | {time.EventsPerCpuSecond:N0} | {ratio} | {same} |");
        }

        foreach (var (name, node) in subjects)
        {
            if (node?["difference_examples"] is JsonArray examples)
            {
                text.AppendLine();
                text.AppendLine(c, $"{name}: {node["differences"]} entries differ from CallMetrics', e.g.");
                foreach (var example in examples)
                {
                    text.AppendLine(c, $"  {example}");
                }
            }
        }

        return text.ToString();
    }
}
