using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Processing;

/// <summary>
/// The engine's checkpoint format: a format name, the fingerprint of the metric options, then admission
/// (largest time), the watermark, completion, the counters, the sources, the dedupe ids, the buffered events and
/// the sessionizer's state. Symbols are written as names.
/// </summary>
/// <remarks>
/// Versions, each still restored: 2 holds whole dedupe ids; 3 holds their fingerprints; 4 records when each leg's
/// segment began where 3 had its wrap deadline (see <see cref="Sessions.SessionSnapshotCodec"/>); 5 holds each dedupe
/// id with its time instead of two generations, and each source's rank and count of events and each buffered event's
/// rank and place in its source instead of one arrival number (see <see cref="Ordering.DedupeSet.ReadGenerations"/>
/// and <see cref="Ordering.ReorderBuffer.ReadArrivalOrderFrom"/> for how the older forms are read); 6 adds the state
/// series' last event per queue, team and tenant, and the alert evaluator's state; 7 adds the outcome counts to the
/// tallies, the values behind the percentiles, the call-type and tenant series, each call's caller, call type and last
/// answered leg, each leg's call type and outcome, each ended call's call type, the callers' pending contacts and the
/// FCR intervals, and each buffered event's caller key.
/// </remarks>
internal static class EngineSnapshotCodec
{
    /// <summary>The version written.</summary>
    public const int Version = 7;

    private const int OldestVersion = 2;
    private const string FormatPrefix = "callmetrics-engine-";
    private const string Format = FormatPrefix + "7";

    /// <summary>Writes <paramref name="engine"/>'s whole state.</summary>
    public static void Write(MetricsEngine engine, Stream output, SymbolTable symbols)
    {
        using var w = new SnapshotWriter(output, symbols);
        w.String(Format);
        w.String(OptionsFingerprint(engine.Options));
        w.Long(engine.Admission.MaxTimestamp);
        w.Long(engine.Sources.Watermark);
        w.Bool(engine.Completed);
        w.Long(engine.Counters.Accepted);
        w.Long(engine.Counters.Duplicates);
        w.Long(engine.Counters.Late);
        engine.Sources.WriteTo(w);
        engine.Admission.Dedupe.WriteTo(w);
        engine.Release.Buffer.WriteTo(w);
        engine.Sessionizer.WriteTo(w);
        w.Bool(engine.Alerts is not null);
        engine.Alerts?.WriteTo(w);
    }

    /// <summary>
    /// Reads a snapshot into <paramref name="engine"/>, new and built with the same options. Fails with
    /// <see cref="InvalidDataException"/> for an unknown format or other metric options.
    /// </summary>
    public static void Read(MetricsEngine engine, Stream input, SymbolTable symbols)
    {
        using var r = new SnapshotReader(input, symbols);
        var format = r.String();
        if (!format.StartsWith(FormatPrefix, StringComparison.Ordinal)
            || !int.TryParse(format.AsSpan(FormatPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            || version < OldestVersion || version > Version)
        {
            throw new InvalidDataException($"snapshot format '{format}' is not {FormatPrefix}{OldestVersion} to {Version}");
        }

        r.Version = version;
        var fingerprint = r.String();
        if (fingerprint != OptionsFingerprint(engine.Options))
        {
            throw new InvalidDataException($"snapshot was taken with other metric options ({fingerprint}); now {OptionsFingerprint(engine.Options)}");
        }

        engine.Admission.MaxTimestamp = r.Long();
        var watermark = r.Long();
        engine.Completed = r.Bool();
        engine.Counters.Accepted = r.Long();
        engine.Counters.Duplicates = r.Long();
        engine.Counters.Late = r.Long();
        engine.Sources.ReadFrom(r, watermark, withOrder: version >= 5);
        if (version >= 5)
        {
            engine.Admission.Dedupe.ReadFrom(r);
            engine.Release.Buffer.ReadFrom(r);
        }
        else
        {
            engine.Admission.Dedupe.ReadGenerations(r, fullIds: version == 2, acceptedAt: engine.Admission.MaxTimestamp);
            engine.Sources.CountOnFrom(engine.Release.Buffer.ReadArrivalOrderFrom(r));
        }

        engine.Sessionizer.ReadFrom(r, version);
        if (version >= 6 && r.Bool())
        {
            // Alert state of rules the engine no longer has is read and dropped.
            (engine.Alerts ?? new Alerts.AlertEvaluator([], engine.Options.Step)).ReadFrom(r);
        }
    }

    private static string OptionsFingerprint(MetricsOptions o) =>
        string.Join(",", o.Interval.Ticks, o.Rolling?.Ticks ?? 0, o.Step.Ticks, o.ServiceLevelThreshold.Ticks, o.ShortAbandon.Ticks, o.MaxWrap.Ticks, o.Lateness.Ticks, o.Retention.Ticks, o.IdleTimeout.Ticks);
}
