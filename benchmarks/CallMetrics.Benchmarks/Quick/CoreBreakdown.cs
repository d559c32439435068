using System.Diagnostics;
using System.Text.Json.Nodes;
using CallMetrics.Benchmarks.Suites;
using CallMetrics.Benchmarks.Workload;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Benchmarks.Quick;

/// <summary>
/// Where the core's time goes, without a profiler: the engine's parts driven one at a time over the
/// same pre-decoded events (dedupe set, reorder buffer, sessionizer with windows), each timed with the
/// Stopwatch harness. The parts add up to roughly the whole because the engine is little more than
/// these three calls per event.
/// </summary>
public static class CoreBreakdown
{
    public static JsonObject Measure(CallCenterWorkload w, MetricsOptions options, int runs = 5)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(options);
        var events = w.Events;
        var horizon = Math.Max(TimeMath.Nanos(options.DedupeHorizon), TimeMath.Nanos(options.Lateness));
        var lateness = TimeMath.Nanos(options.Lateness);
        var whole = Measurement.Run("engine", events.Length, () => Stages.Core(events, options), runs: runs);
        var dedupe = Measurement.Run("dedupe", events.Length, () => Dedupe(events, horizon, lateness), runs: runs);
        var reorder = Measurement.Run("reorder", events.Length, () => Reorder(events, lateness), runs: runs);
        var sessionize = Measurement.Run("sessionize", events.Length, () => Sessionize(events, options), runs: runs);
        var composite = Measurement.Run("composite", events.Length, () => Composite(events, options), runs: runs);
        var minute = TimeMath.Nanos(TimeSpan.FromMinutes(1));
        var compositeDedupe1m = Measurement.Run("composite_dedupe_1m", events.Length, () => Composite(events, options, minute, lateness), runs: runs);
        var compositeNoDedupe = Measurement.Run("composite_dedupe_0", events.Length, () => Composite(events, options, 1, lateness), runs: runs);
        var compositeNoDelay = Measurement.Run("composite_no_delay", events.Length, () => Composite(events, options, horizon, 0), runs: runs);
        var compositeNeither = Measurement.Run("composite_neither", events.Length, () => Composite(events, options, 1, 0), runs: runs);
        var shortRetention = options with { Retention = options.Lateness };
        var wholeShort = Measurement.Run("engine_retention_lateness", events.Length, () => Stages.Core(events, shortRetention), runs: runs);
        var noLateness = options with { Retention = TimeSpan.Zero, Lateness = TimeSpan.Zero };
        var wholeNoLateness = Measurement.Run("engine_no_lateness", events.Length, () => Stages.Core(events, noLateness), runs: runs);
        // CPU time per event: steadier than wall time on a shared machine (the parts are single-threaded).
        var ns = (Measurement m) => Math.Round(m.MedianCpuSeconds * 1e9 / events.Length, 1);
        return new JsonObject
        {
            ["engine_ns_per_event"] = ns(whole),
            ["dedupe_ns_per_event"] = ns(dedupe),
            ["dedupe_bytes_per_event"] = Math.Round(dedupe.BytesPerEvent, 1),
            ["reorder_ns_per_event"] = ns(reorder),
            ["reorder_bytes_per_event"] = Math.Round(reorder.BytesPerEvent, 1),
            ["sessionize_ns_per_event"] = ns(sessionize),
            ["sessionize_bytes_per_event"] = Math.Round(sessionize.BytesPerEvent, 1),
            ["parts_chained_by_hand_ns_per_event"] = ns(composite),
            ["chained_dedupe_horizon_1m_ns_per_event"] = ns(compositeDedupe1m),
            ["chained_no_dedupe_ns_per_event"] = ns(compositeNoDedupe),
            ["chained_no_reorder_delay_ns_per_event"] = ns(compositeNoDelay),
            ["chained_no_dedupe_no_delay_ns_per_event"] = ns(compositeNeither),
            ["engine_bytes_per_event"] = Math.Round(whole.BytesPerEvent, 1),
            ["engine_gc_pause_share"] = Math.Round(whole.GcPauseSeconds / whole.MedianSeconds, 2),
            ["engine_gc_counts"] = new JsonArray(whole.Gen0, whole.Gen1, whole.Gen2),
            ["sessionize_gc_pause_share"] = Math.Round(sessionize.GcPauseSeconds / sessionize.MedianSeconds, 2),
            ["dedupe_gc_pause_share"] = Math.Round(dedupe.GcPauseSeconds / dedupe.MedianSeconds, 2),
            ["engine_retention_lateness_ns_per_event"] = ns(wholeShort),
            ["engine_retention_lateness_bytes_per_event"] = Math.Round(wholeShort.BytesPerEvent, 1),
            ["engine_no_lateness_ns_per_event"] = ns(wholeNoLateness),
            ["engine_no_lateness_bytes_per_event"] = Math.Round(wholeNoLateness.BytesPerEvent, 1),
            ["engine_retention_lateness_gc_pause_share"] = Math.Round(wholeShort.GcPauseSeconds / wholeShort.MedianSeconds, 2),
        };
    }

    /// <summary>
    /// The engine's three parts chained by hand the way <c>MetricsEngine</c> chains them (dedupe, buffer,
    /// release up to the watermark, sessionize), with one source and no per-event bookkeeping beyond that:
    /// the gap to the real engine is the cost of its own per-event code.
    /// </summary>
    public static long Composite(CanonicalEvent[] events, MetricsOptions options) =>
        Composite(events, options, Math.Max(TimeMath.Nanos(options.DedupeHorizon), TimeMath.Nanos(options.Lateness)), TimeMath.Nanos(options.Lateness));

    /// <summary>The hand-chained engine with the dedupe horizon and the reorder delay set apart, to tell their costs apart.</summary>
    public static long Composite(CanonicalEvent[] events, MetricsOptions options, long dedupeHorizonNs, long latenessNs)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        var lateness = latenessNs;
        var set = new DedupeSet(dedupeHorizonNs);
        var buffer = new ReorderBuffer();
        var sink = new CountingSink();
        var sessionizer = new Sessionizer(options, sink);
        var watermark = long.MinValue;
        foreach (ref readonly var e in events.AsSpan())
        {
            if (e.Timestamp < watermark || set.IsDuplicate(e.Id, watermark))
            {
                continue;
            }

            set.Add(e.Id, e.Timestamp);
            buffer.Add(e);
            if (e.Timestamp - lateness > watermark)
            {
                watermark = e.Timestamp - lateness;
                set.OnWatermark(watermark);
                while (buffer.TryTake(watermark, out var released))
                {
                    sessionizer.Apply(released);
                }

                sessionizer.AdvanceTo(watermark);
            }
        }

        while (buffer.TryTake(long.MaxValue, out var rest))
        {
            sessionizer.Apply(rest);
        }

        sessionizer.Finish(events[^1].Timestamp);
        return sink.Lines;
    }

    /// <summary>What <c>MetricsEngine.Accept</c> does with the dedupe set: the lookup, Add, and forgetting behind the watermark.</summary>
    public static long Dedupe(CanonicalEvent[] events, long horizonNs, long latenessNs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var set = new DedupeSet(horizonNs);
        long duplicates = 0;
        var watermark = long.MinValue;
        foreach (ref readonly var e in events.AsSpan())
        {
            if (set.IsDuplicate(e.Id, watermark))
            {
                duplicates++;
                continue;
            }

            set.Add(e.Id, e.Timestamp);
            if (e.Timestamp - latenessNs > watermark)
            {
                watermark = e.Timestamp - latenessNs;
                set.OnWatermark(watermark);
            }
        }

        return duplicates + set.Count;
    }

    /// <summary>What the engine does with the reorder buffer: Add, then take what the watermark releases.</summary>
    public static long Reorder(CanonicalEvent[] events, long latenessNs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new ReorderBuffer();
        long check = 0;
        foreach (ref readonly var e in events.AsSpan())
        {
            buffer.Add(e);
            while (buffer.TryTake(e.Timestamp - latenessNs, out var released))
            {
                check += released.Agent;
            }
        }

        while (buffer.TryTake(long.MaxValue, out var rest))
        {
            check += rest.Agent;
        }

        return check;
    }

    /// <summary>The sessionizer and windows alone, fed the (already sorted) events directly.</summary>
    public static long Sessionize(CanonicalEvent[] events, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new CountingSink();
        var sessionizer = new Sessionizer(options, sink);
        foreach (ref readonly var e in events.AsSpan())
        {
            sessionizer.Apply(e);
        }

        sessionizer.Finish(events[^1].Timestamp);
        return sink.Lines;
    }
}
