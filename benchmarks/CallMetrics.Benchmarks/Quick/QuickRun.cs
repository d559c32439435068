using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Options;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--quick</c>: every stage on a short fixed workload with a Stopwatch harness (median of 5 runs after a
/// warm-up), then one JSON object on standard output. Built for CI: it takes well under two minutes on
/// the 2-core build machine (stages that would start after <see cref="Budget"/> are reported as skipped),
/// reports targets as information only, and exits non-zero only when a stage throws, never because the
/// machine is slow.
/// </summary>
internal static class QuickRun
{
    private const int CoreEvents = 600_000;
    private const int ReplayEvents = 400_000;
    private const int BrokerEvents = 150_000;
    private const int PeerEvents = 100_000;

    /// <summary>Stages that would start after this are skipped, so a run stays under two minutes even on a loaded machine.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(75);

    /// <summary>The broker stage does fewer runs when it would end after this (its runs cost 5-20 s each on a loaded machine).</summary>
    private static readonly TimeSpan EndBy = TimeSpan.FromSeconds(105);

    private static readonly TimeSpan MinBrokerBudget = TimeSpan.FromSeconds(25);

    public static int Run(string[] args)
    {
        var total = Stopwatch.StartNew();
        var stages = new JsonObject();
        var ok = true;
        var workloadInfo = new JsonObject();

        void Stage(string name, Func<JsonNode> measure, double expectedSeconds = 0)
        {
            if (total.Elapsed > Budget || total.Elapsed.TotalSeconds + expectedSeconds > EndBy.TotalSeconds)
            {
                // A slow or busy machine must not make CI fail or time out: later stages are skipped, and say so.
                stages[name] = new JsonObject
                {
                    ["status"] = "skipped",
                    ["reason"] = $"time budget used up: {total.Elapsed.TotalSeconds:F0} s gone, this stage takes ~{expectedSeconds:F0} s, "
                        + $"stages start until {Budget.TotalSeconds:F0} s and end by {EndBy.TotalSeconds:F0} s (busy machine?)",
                };
                return;
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var node = measure();
                node["stage_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
                stages[name] = node;
            }
#pragma warning disable CA1031 // A crash in one stage is reported in the JSON and fails the run; the other stages still run.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ok = false;
                stages[name] = new JsonObject { ["status"] = "crashed", ["error"] = exception.ToString() };
            }
        }

        CallCenterWorkload? workload = null;
        Stage("workload", () =>
        {
            var watch = Stopwatch.StartNew();
            workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = CoreEvents });
            workloadInfo = Describe(workload, watch.Elapsed.TotalSeconds);
            return workloadInfo.DeepClone();
        });

        // Cheap and headline stages first: on a loaded machine the budget cuts the optional ones at the end.
        if (workload is { } w)
        {
            Stage("core", () => CoreStage(w, Stages.Intervals));
            Stage("decode_aggregate", () => DecodeStage(w));
            var decodeRate = stages["decode_aggregate"]?["events_per_s"]?.GetValue<double>() ?? 0;
            Stage("graph", () => GraphStage.Run(w, decodeRate));
        }

        // The two end-to-end stages (dev broker, InfluxDB, the live endpoint) are headline targets too: before the
        // optional stages, so the time budget cuts those first.
        if (workload is { } u)
        {
            Stage("live_latency", () => LiveLatencyQuickStage(u));
        }

        Stage("broker_end_to_end", () => BrokerEndToEndStage(EndBy - total.Elapsed));

        // The rest of the target table's stages, then the peers (the ratio to the best peer is a target too), then
        // the optional ones: on a loaded machine the time budget cuts those.
        Stage("state_memory", () => StateMemoryProbe.RunChild("--state-memory", "50000", "100000"));
        Stage("replay_process", ReplayStage);

        // CallMetrics against Streamiz (dev broker), Akka.Streams and the naive baseline on the same records, output
        // checked: a short version of --peers (~15-20 s). A peer whose output differs fails the run like a crash.
        Stage("peers", PeersQuickStage, expectedSeconds: 20);
        if (stages["peers"]?["equal_output"]?.GetValue<bool>() == false)
        {
            ok = false;
        }

        Stage("memory_growth", () => new JsonObject
        {
            ["default_retention"] = StateMemoryProbe.RunChild("--memory-growth", "5000", "800000", "86400"),
            ["retention_2m"] = StateMemoryProbe.RunChild("--memory-growth", "5000", "800000", "120"),
        });
        if (workload is { } v)
        {
            Stage("replay_in_process", () => ReplayInProcessStage(v));
            Stage("core_rolling", () => CoreStage(v, Stages.IntervalsAndRolling));
        }

        // ~30 s here (two workloads of 5M+ events): runs only when the rest left room; --scaling is the full sweep.
        Stage("scaling", ScalingStage, expectedSeconds: 35);

        var summary = new JsonObject
        {
            ["schema"] = "callmetrics-bench-quick/1",
            ["ok"] = ok,
            ["summary"] = Summarize(stages),
            ["elapsed_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
            ["note"] = "Stopwatch medians of 5 runs after 1 warm-up on a shared machine: expect +-20% noise (events_per_cpu_s, per CPU "
                + "second of this process, moves less with other load than the wall-clock events_per_s; ratios to baselines use it). Targets are information; "
                + "the exit status is non-zero only when a stage crashed.",
            ["load_average"] = LoadAverage(),
            ["machine"] = Machine(),
            ["workload"] = workloadInfo,
            ["stages"] = stages,
        };
        Console.WriteLine(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return ok ? 0 : 1;
    }

    /// <summary>Broker → sink on 150k events (16 partitions): 1 run into InfluxDB, 2 consume-only, 2 counting-sink runs, fewer when they would end after <see cref="EndBy"/> (~25 s).</summary>
    private static JsonObject BrokerEndToEndStage(TimeSpan budget)
    {
        var w = CallCenterWorkload.Create(new WorkloadOptions { Agents = 10_000, EventsPerCall = 12, Events = BrokerEvents });
        try
        {
            return EndToEnd.BrokerStage.Run(w, runs: 2, influxRuns: 1, runTimeout: TimeSpan.FromSeconds(20), warmup: false, budget: budget < MinBrokerBudget ? MinBrokerBudget : budget);
        }
        catch (TimeoutException e)
        {
            // Slowness (a starved influxd, a stalled broker) is not a crash: say so and go on.
            var node = EndToEnd.BrokerStage.Unavailable(e.Message);
            node["status"] = "timed out";
            return node;
        }
    }

    /// <summary>
    /// The peers on 100k events of a 2,000-agent center: 3 runs each after a warm-up, Streamiz one cold run (each of
    /// its runs spends ~8 s outside the timed window, so a warm-up would cost as much again; cold, its figure is a
    /// little low). Short runs favour the others: CallMetrics' engine starts cold (tables still growing), which
    /// weighs more on 100k events than on --peers' 500k.
    /// </summary>
    private static JsonObject PeersQuickStage()
    {
        var (json, _, _, _) = Peers.PeersStage.Run(Peers.PeerWorkload.Create(PeerEvents, 2_000), runs: 3, brokerRuns: 1, brokerWarmups: 0);
        return json;
    }

    /// <summary>10k events/s for 12 s (the first 2 s not counted) through the service in process, probes read on <c>/api/v1/live</c>.</summary>
    private static JsonObject LiveLatencyQuickStage(CallCenterWorkload w) =>
        EndToEnd.LiveLatencyStage.Run(w, TimeSpan.FromSeconds(12), EndToEnd.LiveLatencyStage.TargetRate);

    private static JsonObject CoreStage(CallCenterWorkload w, MetricsOptions options)
    {
        var core = Measurement.Run("core", w.Count, () => Stages.Core(w.Events, options));
        var half = w.Count / 2;
        var steady = Measurement.Run("core_steady", w.Count - half, () => Stages.WarmEngine(w.Events, options, half), warm => Stages.CoreRest(w.Events, warm));
        var naive = Measurement.Run("naive", w.Count, () => Stages.Naive(w.Events, options), runs: 3);
        return new JsonObject
        {
            ["events_per_s"] = Round(core.EventsPerSecond),
            ["events_per_cpu_s"] = Round(core.EventsPerCpuSecond),
            ["bytes_per_event"] = Math.Round(core.BytesPerEvent, 1),
            ["events_per_s_steady"] = Round(steady.EventsPerSecond),
            ["bytes_per_event_steady"] = Math.Round(steady.BytesPerEvent, 1),
            ["steady_note"] = "second half of the input into an engine warmed by the first half (agents known, pools grown)",
            ["min_max_s"] = new JsonArray(Math.Round(core.MinSeconds, 4), Math.Round(core.MaxSeconds, 4)),
            ["gc_pause_share"] = Math.Round(core.GcPauseSeconds / core.MedianSeconds, 3),
            ["baseline"] = "naive: raw events kept, each window re-aggregated through dictionaries (Baselines/NaiveWindowAggregator.cs)",
            ["baseline_events_per_s"] = Round(naive.EventsPerSecond),
            ["baseline_events_per_cpu_s"] = Round(naive.EventsPerCpuSecond),
            ["baseline_bytes_per_event"] = Math.Round(naive.BytesPerEvent, 1),
            // Ratios from CPU time: a neighbour's burst during one of the two measurements would skew a wall-clock ratio.
            ["ratio_to_baseline"] = Math.Round(core.EventsPerCpuSecond / naive.EventsPerCpuSecond, 2),
            ["target_events_per_s"] = 20_000_000,
            ["target_bytes_per_event"] = 0,
            ["meets_target"] = core.EventsPerSecond >= 20_000_000 && core.BytesPerEvent == 0,
        };
    }

    private static JsonObject DecodeStage(CallCenterWorkload w)
    {
        var decodeAggregate = Measurement.Run("decode_aggregate", w.Count, () => Stages.DecodeAggregate(w, Stages.Intervals));
        var floor = Measurement.Run("decode_only", w.Count, () => Stages.DecodeOnly(w));
        var tokenize = Measurement.Run("tokenize_only", w.Count, () => Stages.TokenizeOnly(w), runs: 3);
        return new JsonObject
        {
            ["events_per_s"] = Round(decodeAggregate.EventsPerSecond),
            ["events_per_cpu_s"] = Round(decodeAggregate.EventsPerCpuSecond),
            ["bytes_per_event"] = Math.Round(decodeAggregate.BytesPerEvent, 1),
            ["mb_per_s"] = Math.Round(decodeAggregate.EventsPerSecond * w.BytesPerEvent / 1e6, 1),
            ["gc_pause_share"] = Math.Round(decodeAggregate.GcPauseSeconds / decodeAggregate.MedianSeconds, 3),
            ["baseline"] = "parse floor: EventDecoder.Decode over the same bytes, nothing else",
            ["baseline_events_per_s"] = Round(floor.EventsPerSecond),
            ["baseline_events_per_cpu_s"] = Round(floor.EventsPerCpuSecond),
            ["baseline_bytes_per_event"] = Math.Round(floor.BytesPerEvent, 1),
            ["ratio_to_baseline"] = Math.Round(decodeAggregate.EventsPerCpuSecond / floor.EventsPerCpuSecond, 2),
            ["tokenize_only_events_per_s"] = Round(tokenize.EventsPerSecond),
            ["target_events_per_s"] = 3_000_000,
            ["meets_target"] = decodeAggregate.EventsPerSecond >= 3_000_000,
        };
    }

    private static JsonObject ReplayInProcessStage(CallCenterWorkload w)
    {
        var replay = Measurement.Run("replay_in_process", w.Count, () => Stages.ReplayInProcess(w), runs: 3);
        return new JsonObject
        {
            ["events_per_s"] = Round(replay.EventsPerSecond),
            ["events_per_cpu_s"] = Round(replay.EventsPerCpuSecond),
            ["bytes_per_event"] = Math.Round(replay.BytesPerEvent, 1),
            ["gc_pause_share"] = Math.Round(replay.GcPauseSeconds / replay.MedianSeconds, 3),
            ["note"] = "The replay wiring of the graph over the workload's JSON in memory, line protocol formatted and discarded: the replay path without process start-up, JIT warm-up or file I/O",
        };
    }

    private static JsonObject ReplayStage()
    {
        var directory = Directory.CreateTempSubdirectory("callmetrics-bench-");
        try
        {
            var path = Path.Combine(directory.FullName, "events.jsonl");
            var (events, bytes) = CallCenterWorkload.WriteFile(new WorkloadOptions { Agents = 10_000, Events = ReplayEvents }, path);
            var (median, min, max, rss, cpu) = ReplayProcess.Measure(path, runs: 3);
            return new JsonObject
            {
                ["events"] = events,
                ["file_bytes"] = bytes,
                ["events_per_s"] = Round(events / median),
                ["events_per_cpu_s"] = cpu > 0 ? Round(events / cpu) : null,
                ["mb_per_s"] = Math.Round(bytes / median / 1e6, 1),
                ["median_s"] = Math.Round(median, 3),
                ["median_cpu_s"] = Math.Round(cpu, 3),
                ["min_max_s"] = new JsonArray(Math.Round(min, 3), Math.Round(max, 3)),
                ["peak_rss_bytes"] = rss,
                ["note"] = "whole process incl. start-up and JIT on a small file; the 1 GB figure is in docs/PERFORMANCE.md (--replay-full)",
                ["target_events_per_s"] = 2_000_000,
                ["meets_target"] = events / median >= 2_000_000,
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static JsonObject ScalingStage()
    {
        // The smallest and the largest size of the --scaling sweep, by the same steady-state method with fewer runs
        // (no warm-up run: the core stage has compiled the same code already).
        var points = new JsonArray();
        double min = double.MaxValue, max = 0;
        foreach (var agents in new[] { 1_000, 100_000 })
        {
            var warmEvents = Stages.SteadyWarmEvents(agents);
            var workload = CallCenterWorkload.Create(new WorkloadOptions { Agents = agents, Events = warmEvents + Stages.SteadyTimedEvents(agents) });
            var core = Measurement.Run("core_steady", workload.Count - warmEvents, () => Stages.WarmEngine(workload.Events, Stages.Intervals, warmEvents), warm => Stages.StreamRest(workload.Events, warm, workload.Count), warmups: 0, runs: 3);
            min = Math.Min(min, core.EventsPerCpuSecond);
            max = Math.Max(max, core.EventsPerCpuSecond);
            points.Add(new JsonObject
            {
                ["agents"] = agents,
                ["warm_up_events"] = warmEvents,
                ["timed_events"] = workload.Count - warmEvents,
                ["events_per_call"] = Math.Round(workload.PlannedEventsPerCall, 2),
                ["events_per_s"] = Round(core.EventsPerSecond),
                ["events_per_cpu_s"] = Round(core.EventsPerCpuSecond),
                ["bytes_per_event"] = Math.Round(core.BytesPerEvent, 1),
            });
        }

        return new JsonObject
        {
            ["stage"] = "core (intervals), pre-decoded events, steady state as --scaling measures it (warm-up max(3M, 30 x agents) events, "
                + "then max(2M, 25 x agents) timed without end of input), median of 3; min_over_max of events_per_cpu_s",
            ["points"] = points,
            ["min_over_max"] = Math.Round(min / max, 2),
            ["target_min_over_max"] = 0.7,
            ["meets_target"] = min / max >= 0.7,
        };
    }

    private static JsonObject Describe(CallCenterWorkload w, double seconds) => new()
    {
        ["agents"] = w.Options.Agents,
        ["events"] = w.Count,
        ["calls"] = w.Calls,
        ["events_per_call_target"] = w.Options.EventsPerCall,
        ["events_per_call"] = Math.Round(w.PlannedEventsPerCall, 2),
        ["events_per_call_in_sample"] = Math.Round(w.EventsPerCallInSample, 2),
        ["json_bytes_per_event"] = Math.Round(w.BytesPerEvent, 1),
        ["event_time_hours"] = Math.Round(w.SpanSeconds / 3600, 2),
        ["seed"] = w.Options.Seed,
        ["generate_seconds"] = Math.Round(seconds, 2),
    };

    /// <summary>The headline figure of each stage in one flat object, for dashboards that only want those.</summary>
    private static JsonObject Summarize(JsonObject stages)
    {
        var summary = new JsonObject();
        foreach (var (name, node) in stages)
        {
            if (node is not JsonObject stage || name == "workload")
            {
                continue;
            }

            var line = new JsonObject();
            foreach (var key in new[] { "status", "events_per_s", "events_per_cpu_s", "events_per_s_steady", "bytes_per_event", "ratio_to_baseline", "working_set_bytes", "gc_heap_bytes", "min_over_max", "p50_ms", "p99_ms", "equal_output", "best_peer", "ratio_to_best_peer", "ratio_to_best_library_peer", "meets_target" })
            {
                if (stage[key] is { } value)
                {
                    line[key] = value.DeepClone();
                }
            }

            summary[name] = line;
        }

        return summary;
    }

    internal static JsonObject Machine()
    {
        var cpu = "unknown";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }

        return new JsonObject
        {
            ["cpu"] = cpu,
            ["cores"] = Environment.ProcessorCount,
            ["memory_bytes"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["server_gc"] = System.Runtime.GCSettings.IsServerGC,
        };
    }

    private static double Round(double value) => Math.Round(value, 0);

    /// <summary>The 1-minute load average at the end of the run (Linux), so a reader can tell a slow machine from a slow build.</summary>
    internal static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : -1;
}
