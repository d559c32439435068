using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// <c>--day-memory AGENTS HOURS [RETENTION [FCR_WINDOW]]</c>: streams HOURS of event time of the synthetic center with
/// AGENTS agents through the decoder and one engine with the default options (1 h dedupe horizon, 24 h retention, 7 d
/// FCR window; RETENTION and FCR_WINDOW, durations such as <c>2h</c> or <c>1s</c>, replace the last two), and samples
/// every simulated quarter hour the process's resident set (as it is, no forced GC), the dedupe table's bytes and
/// entries, the ended calls kept for surveys, the pending FCR contacts and the live symbols. Prints one JSON object:
/// the samples (each also to stderr as taken), the peak and final resident set, the peak dedupe bytes, and the wall
/// time taken. It shows whether
/// memory follows the event rate (flat once the horizons are full) or the time run (growing).
/// </summary>
internal static class DayMemoryRun
{
    private const long QuarterHourMs = 15 * 60 * 1000;

    public static int Run(string[] args)
    {
        var agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
        var hours = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 24;
        var metrics = new MetricsOptions();
        if (args.Length > 2)
        {
            metrics = metrics with { Retention = Duration(args[2]) };
        }

        if (args.Length > 3)
        {
            metrics = metrics with { FcrWindow = Duration(args[3]) };
        }

        var options = new WorkloadOptions { Agents = agents, Events = int.MaxValue };
        var generator = new SyntheticCallCenter(options);
        var writer = new JsonLineWriter(options);
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(metrics, new CountingSink(), releaseSymbol: symbols.Release);
        var line = new byte[JsonLineWriter.MaxLineBytes];
        var endMs = SyntheticCallCenter.StartMs + (long)(hours * 3_600_000);
        var nextSampleMs = SyntheticCallCenter.StartMs + QuarterHourMs;
        var samples = new JsonArray();
        var clock = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();
        long events = 0, peakRss = 0, peakDedupeBytes = 0;
        while (generator.TryNext(out var s) && s.Ms < endMs)
        {
            var length = writer.Write(s, line);
            if (decoder.Decode(line.AsSpan(0, length - 1), out var e).IsOk)
            {
                engine.Accept(e);
            }

            events++;
            if (s.Ms >= nextSampleMs)
            {
                nextSampleMs += QuarterHourMs;
                process.Refresh();
                var dedupe = engine.Admission.Dedupe;
                peakRss = Math.Max(peakRss, process.WorkingSet64);
                peakDedupeBytes = Math.Max(peakDedupeBytes, dedupe.Bytes);
                var sample = new JsonObject
                {
                    ["event_time_hours"] = Math.Round((s.Ms - SyntheticCallCenter.StartMs) / 3_600_000.0, 2),
                    ["events"] = events,
                    ["rss_bytes"] = process.WorkingSet64,
                    ["gc_heap_bytes"] = GC.GetTotalMemory(forceFullCollection: false),
                    ["dedupe_bytes"] = dedupe.Bytes,
                    ["dedupe_entries"] = dedupe.Count,
                    ["open_calls"] = engine.OpenCallCount,
                    ["ended_calls"] = engine.Sessionizer.Store.Ended.Count + engine.Sessionizer.Store.EndedPrevious.Count,
                    ["pending_contacts"] = engine.Sessionizer.Contacts.PendingCount,
                    ["live_symbols"] = symbols.Count - symbols.Released,
                };
                samples.Add(sample);

                // Each sample as it is taken, so a long run shows its curve before it ends.
                Console.Error.WriteLine(sample.ToJsonString());
            }
        }

        engine.Complete();
        process.Refresh();
        var dedupeNow = engine.Admission.Dedupe;
        Console.WriteLine(new JsonObject
        {
            ["agents"] = agents,
            ["event_time_hours"] = hours,
            ["retention"] = DurationText.Format(metrics.Retention),
            ["fcr_window"] = DurationText.Format(metrics.FcrWindow),
            ["events"] = events,
            ["wall_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["peak_rss_bytes"] = Math.Max(peakRss, process.PeakWorkingSet64),
            ["final_rss_bytes"] = process.WorkingSet64,
            ["peak_dedupe_bytes"] = peakDedupeBytes,
            ["final_dedupe_bytes"] = dedupeNow.Bytes,
            ["final_dedupe_bytes_per_entry"] = dedupeNow.Count == 0 ? 0 : Math.Round((double)dedupeNow.Bytes / dedupeNow.Count, 1),
            ["samples"] = samples,
        }.ToJsonString());
        GC.KeepAlive(engine);
        return 0;
    }

    private static TimeSpan Duration(string text) =>
        DurationText.TryParse(text, out var value) ? value : throw new ArgumentException($"not a duration: '{text}'", nameof(text));
}
