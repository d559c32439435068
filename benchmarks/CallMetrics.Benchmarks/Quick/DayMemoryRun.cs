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
/// <c>--day-memory AGENTS HOURS</c>: streams HOURS of event time of the synthetic center with AGENTS agents through the
/// decoder and one engine with the default options (1 h dedupe horizon, 24 h retention), and samples every simulated
/// quarter hour the process's resident set (as it is, no forced GC) and the dedupe table's bytes and entries. Prints
/// one JSON object: the samples, the peak and final resident set, the peak dedupe bytes, and the wall time taken. It
/// shows whether memory follows the event rate (flat once the horizons are full) or the time run (growing).
/// </summary>
internal static class DayMemoryRun
{
    private const long QuarterHourMs = 15 * 60 * 1000;

    public static int Run(string[] args)
    {
        var agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
        var hours = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 24;
        var options = new WorkloadOptions { Agents = agents, Events = int.MaxValue };
        var generator = new SyntheticCallCenter(options);
        var writer = new JsonLineWriter(options);
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var engine = new MetricsEngine(new MetricsOptions(), new CountingSink(), releaseSymbol: symbols.Release);
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
                samples.Add(new JsonObject
                {
                    ["event_time_hours"] = Math.Round((s.Ms - SyntheticCallCenter.StartMs) / 3_600_000.0, 2),
                    ["events"] = events,
                    ["rss_bytes"] = process.WorkingSet64,
                    ["gc_heap_bytes"] = GC.GetTotalMemory(forceFullCollection: false),
                    ["dedupe_bytes"] = dedupe.Bytes,
                    ["dedupe_entries"] = dedupe.Count,
                    ["open_calls"] = engine.OpenCallCount,
                });
            }
        }

        engine.Complete();
        process.Refresh();
        var dedupeNow = engine.Admission.Dedupe;
        Console.WriteLine(new JsonObject
        {
            ["agents"] = agents,
            ["event_time_hours"] = hours,
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
}
