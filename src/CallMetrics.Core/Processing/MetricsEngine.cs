using System.Runtime.CompilerServices;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Processing;

/// <summary>
/// The aggregation core: takes decoded events in arrival order, rejects those a wall-clock guard or lateness rules
/// out, drops duplicates, releases the rest in event-time order once the watermark passes them, sessionizes them and
/// emits windows. The result is that of the stably sorted input (METRICS.md "Lateness, duplicates, end of input");
/// with several sources (Kafka partitions), each source's own order decides lateness, and the result does not depend
/// on how the sources' events were interleaved ("Partitioned input").
/// Single-threaded by design: one engine per partition of the key space.
/// </summary>
/// <remarks>
/// A facade over its parts: <see cref="Processing.Admission"/> (guards, late, duplicates),
/// <see cref="SourceWatermarks"/> (each source's watermark, and the engine's), <see cref="ReleaseLoop"/>
/// (the reorder buffer into the sessionizer) and <see cref="EngineSnapshotCodec"/> (checkpoints).
/// </remarks>
public sealed class MetricsEngine
{
    /// <summary>Creates an engine that hands windows to <paramref name="sink"/>.</summary>
    /// <param name="options">The metric definitions.</param>
    /// <param name="sink">Receives closed (and provisional) windows.</param>
    /// <param name="clock">
    /// Wall time for the guards (the service): an event more than the options' max future skew ahead of it is rejected
    /// as <c>future</c>, one more than the max event age behind it as <c>too_old</c> (METRICS.md "Wall-clock guards").
    /// Null (replay): no wall clock; the max future skew, if set, is then measured from the latest event time.
    /// </param>
    /// <param name="releaseSymbol">
    /// Called with the symbol of a call id the engine will never refer to again (ended longer than the
    /// retention ago), so the owner of the symbol table can release it; null keeps every name.
    /// </param>
    /// <param name="names">
    /// The symbol table the events' names are in: the engine reads the names of dispositions and transfer queues in it
    /// to apply the outcome map and the escalation queues. Without it no disposition has an outcome class.
    /// </param>
    public MetricsEngine(MetricsOptions options, IWindowSink sink, TimeProvider? clock = null, Action<int>? releaseSymbol = null, SymbolTable? names = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        Admission = new Admission(options, clock, Counters);
        Sources = new SourceWatermarks(TimeMath.Nanos(options.Lateness));
        Sessionizer = new Sessionizer(options, sink, releaseSymbol, names);
        Release = new ReleaseLoop(Sessionizer);
    }

    /// <summary>The options.</summary>
    public MetricsOptions Options { get; }

    /// <summary>
    /// True for a service's engine: <c>fcr_metrics</c> lines are written as the watermark closes windows, provisional
    /// until it passes their interval's end plus the FCR window (METRICS.md "Repeat contacts"), whether or not
    /// provisional writes are on. False (replay): each line is written once, when the input completes.
    /// </summary>
    public bool WritesContactsAsWatermarkMoves
    {
        get => Sessionizer.Clock.WritesContactsAtCloses;
        set => Sessionizer.Clock.WritesContactsAtCloses = value;
    }

    /// <summary>
    /// The engine's watermark, up to which events are applied and windows final: with one source (a file), the largest
    /// accepted event time minus the lateness (METRICS.md). With several sources (Kafka partitions, each ordered only
    /// in itself), the smallest of the sources' watermarks over the sources not marked idle ("Partitioned input"); each
    /// source's events are judged late against its own watermark, or this one when it is later.
    /// <see cref="long.MinValue"/> before the first event. Never moves back.
    /// </summary>
    public long Watermark => Sources.Watermark;

    /// <summary>Largest accepted event time.</summary>
    public long MaxTimestamp => Admission.MaxTimestamp;

    /// <summary>
    /// Without a clock, the latest event time accepted now: the max future skew past the latest event time accepted.
    /// <see cref="long.MaxValue"/> without that limit, before the first event, or with a clock (whose guards replace it).
    /// </summary>
    public long FutureLimit => Admission.FutureLimit;

    /// <summary>The watermark events from <paramref name="source"/> are judged late against now.</summary>
    public long SourceWatermark(int source) => Sources.LateBefore(source);

    /// <summary>What was accepted, ignored and rejected.</summary>
    public EngineCounters Counters { get; } = new();

    /// <summary>What the sessionizer noticed.</summary>
    public SessionCounters SessionCounters => Sessionizer.Counters;

    /// <summary>The window families produced.</summary>
    public IReadOnlyList<WindowSpec> Specs => Sessionizer.Specs;

    /// <summary>Events waiting for the watermark.</summary>
    public int Buffered => Release.Buffer.Count;

    /// <summary>Agents known.</summary>
    public int AgentCount => Sessionizer.AgentCount;

    /// <summary>Calls in the system.</summary>
    public int OpenCallCount => Sessionizer.OpenCallCount;

    /// <summary>
    /// The alert rules' evaluator the host feeds with this engine's final windows; null without rules. Kept here so
    /// that its state (firing, last fired, held since, per key) is part of the engine's snapshot.
    /// </summary>
    public Alerts.AlertEvaluator? Alerts { get; set; }

    internal Admission Admission { get; }

    internal SourceWatermarks Sources { get; }

    internal ReleaseLoop Release { get; }

    internal Sessionizer Sessionizer { get; }

    internal bool Completed { get; set; }

    /// <summary>
    /// The reason for the last rejection, of an event at <paramref name="timestamp"/>, for a dead letter:
    /// <c>late: ...</c>, <c>future: ...</c>, <c>too_old: ...</c> or <c>too_far_ahead: ...</c>. Call it right after
    /// <see cref="Accept(in CanonicalEvent, int)"/> or in <see cref="IAcceptObserver.OnNotAccepted"/> (a rejection
    /// changes no state).
    /// </summary>
    public string DescribeRejection(AcceptResult result, long timestamp) => Admission.DescribeRejection(result, timestamp);

    // How far ahead the batch API prefetches dedupe slots: before accepting event i it prefetches event i + 16 (and
    // the first 16 up front), so every event's miss has had the same head start.
    private const int DedupePrefetchDistance = 16;

    /// <summary>
    /// Offers <paramref name="events"/>, all read from <paramref name="source"/>, in order; applies whatever the
    /// watermark releases. The same as offering each with <see cref="Accept(in CanonicalEvent, int)"/>, but faster: the
    /// engine prefetches the dedupe slot of the event 16 places ahead, so the cache misses of events are in flight
    /// together instead of one after another (worth 20-40% of the core's time once the day of dedupe ids outgrows
    /// the cache, docs/PERFORMANCE.md "Aggregation core"). The wall clock of the guards is read once for the batch.
    /// Allocates nothing per event.
    /// </summary>
    /// <param name="events">The events, in arrival order.</param>
    /// <param name="source">The source they were read from (a small dense number, e.g. per Kafka partition).</param>
    /// <param name="observer">Told each event not accepted, with its index, as it happens; null when nobody asks.</param>
    /// <returns>How many events were accepted.</returns>
    public int Accept(ReadOnlySpan<CanonicalEvent> events, int source, IAcceptObserver? observer)
    {
        var admission = Admission;
        var now = admission.Now();
        var ahead = Math.Min(DedupePrefetchDistance, events.Length);
        for (var i = 0; i < ahead; i++)
        {
            admission.Prefetch(events[i]);
        }

        var accepted = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (i + DedupePrefetchDistance < events.Length)
            {
                admission.Prefetch(events[i + DedupePrefetchDistance]);
            }

            ref readonly var e = ref events[i];
            var result = Accept(e, source, now);
            if (result == AcceptResult.Accepted)
            {
                accepted++;
            }
            else
            {
                observer?.OnNotAccepted(i, e, result);
            }
        }

        return accepted;
    }

    /// <summary>A hint, no effect on results: prefetches the dedupe slot of <paramref name="upcoming"/> (for tests of the hint).</summary>
    internal void Prefetch(in CanonicalEvent upcoming) => Admission.Prefetch(upcoming);

    /// <summary>Offers one event from source 0; applies whatever the watermark releases.</summary>
    public AcceptResult Accept(in CanonicalEvent e) => Accept(e, 0);

    /// <summary>Offers one event read from <paramref name="source"/> (a small dense number, e.g. per Kafka partition).</summary>
    public AcceptResult Accept(in CanonicalEvent e, int source) => Accept(e, source, Admission.Now());

    private AcceptResult Accept(in CanonicalEvent e, int source, long now)
    {
        if (Completed)
        {
            throw new InvalidOperationException("The engine has completed; create a new one for more input.");
        }

        var sources = Sources;
        var result = Admission.Admit(e, sources.LateBefore(source), now);
        if (result != AcceptResult.Accepted)
        {
            return result;
        }

        // METRICS "Partitioned input": applied in (time, source rank, order in the source), whatever the interleaving.
        Release.Buffer.Add(e, sources.RankOf(source), sources.NextSequence(source));
        if (sources.Observe(source, e.Timestamp))
        {
            OnWatermark();
        }

        return AcceptResult.Accepted;
    }

    /// <summary>
    /// Marks a source idle (caught up, nothing to read) or active again. Idle sources do not hold the
    /// watermark back; when every source is idle, the largest time of all of them counts.
    /// </summary>
    public void SetSourceIdle(int source, bool idle)
    {
        if (Sources.SetIdle(source, idle))
        {
            OnWatermark();
        }
    }

    /// <summary>
    /// Announces a source before it delivers (a newly assigned partition): until it delivers an event or
    /// is marked idle, it holds the watermark back, since its first events may be older than the others'.
    /// It keeps the rank it was given before (a source resuming), else ranks by its number; see
    /// <see cref="RegisterSource(int, long)"/>.
    /// </summary>
    public void RegisterSource(int source) => Sources.Register(source, Sources.RankOf(source));

    /// <summary>
    /// Announces a source, as <see cref="RegisterSource(int)"/>, with a <paramref name="rank"/> that orders its events
    /// among events of equal time from other sources. The rank must be stable across runs and unique among the sources
    /// (the host's choice: e.g. the topic's index in the configured list times 2^32 plus the partition number), so the
    /// result does not depend on the order sources were assigned or read in (docs/DECISIONS.md "Kafka (the service)").
    /// An unregistered source ranks by its number.
    /// </summary>
    public void RegisterSource(int source, long rank) => Sources.Register(source, rank);

    /// <summary>
    /// Tells the engine that <paramref name="source"/> has reached event time <paramref name="timestamp"/>
    /// without delivering the events themselves (they went to another engine: a progress marker of a
    /// repartitioned input). The source then holds the watermark back no further than if its events had
    /// come here; smaller times than it already reached change nothing.
    /// </summary>
    public void AdvanceSource(int source, long timestamp)
    {
        if (Sources.Advance(source, timestamp))
        {
            OnWatermark();
        }
    }

    /// <summary>Forgets a source (its partition was revoked): it no longer holds the watermark back.</summary>
    public void RemoveSource(int source)
    {
        if (Sources.Remove(source))
        {
            OnWatermark();
        }
    }

    /// <summary>
    /// Writes the engine's whole state (sessions, open windows, buffered events, remembered ids, sources)
    /// so that <see cref="Restore"/> followed by the events after it gives exactly the output of an
    /// uninterrupted run. Symbols are written as names.
    /// </summary>
    public void Snapshot(Stream output, SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(symbols);
        EngineSnapshotCodec.Write(this, output, symbols);
    }

    /// <summary>
    /// Creates an engine from a snapshot. Fails with <see cref="InvalidDataException"/> when the snapshot was
    /// written in a format this version does not read (it reads its own and the earlier ones,
    /// <c>callmetrics-engine-2</c> on) or with other metric options (its windows would not fit). With
    /// <paramref name="alerts"/>, the evaluator (new, with the rules now configured) takes the state the snapshot holds
    /// for the rules it still has, and becomes <see cref="Alerts"/>.
    /// </summary>
    public static MetricsEngine Restore(Stream input, SymbolTable symbols, MetricsOptions options, IWindowSink sink, TimeProvider? clock = null, Action<int>? releaseSymbol = null, Alerts.AlertEvaluator? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(symbols);
        var engine = new MetricsEngine(options, sink, clock, releaseSymbol, symbols) { Alerts = alerts };
        EngineSnapshotCodec.Read(engine, input, symbols);
        return engine;
    }

    /// <summary>Every known agent as it is at the watermark.</summary>
    public List<Live.AgentView> Agents(SymbolTable symbols) => Sessionizer.Agents(symbols);

    /// <summary>Calls waiting in a queue at the watermark.</summary>
    public List<Live.WaitingCallView> WaitingCalls(SymbolTable symbols) => Sessionizer.WaitingCalls(symbols);

    /// <summary>The most recent abandons, oldest first.</summary>
    public List<Live.AbandonView> RecentAbandons(SymbolTable symbols) => Sessionizer.RecentAbandons(symbols);

    /// <summary>
    /// First-contact resolution per agent, team, queue and tenant over the intervals starting at or after
    /// <paramref name="since"/> (Unix ns; e.g. the start of today), as it stands at the last event applied; with the
    /// tenants' repeat calls. Intervals are held until the watermark passes their end plus the FCR window.
    /// </summary>
    public List<Live.ContactView> Contacts(SymbolTable symbols, long since)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        string[] scopes = ["agent", "team", "queue", "tenant"];
        return [.. Sessionizer.Contacts.Intervals.SumSince(since).Select(s => new Live.ContactView(
            symbols[s.Line.Tenant], scopes[(int)s.Line.Scope], symbols[s.Line.Key], s.Line.Contacts, s.Line.Resolved, s.Line.Repeated, s.RepeatCalls))];
    }

    /// <summary>
    /// Writes the windows open at the watermark early (not final), with open time counted up to the
    /// watermark. A live service calls this now and then so charts do not wait for windows to close.
    /// </summary>
    public void EmitProvisional()
    {
        if (Sources.Watermark != long.MinValue && !Completed)
        {
            Sessionizer.EmitProvisional(Sources.Watermark);
        }
    }

    /// <summary>
    /// End of a finite input: applies everything buffered and emits the last windows, with open
    /// time counted up to the largest event time seen.
    /// </summary>
    public void Complete()
    {
        if (Completed)
        {
            return;
        }

        Completed = true;
        Release.ReleaseAll();
        if (Admission.MaxTimestamp != long.MinValue)
        {
            Sessionizer.Finish(Admission.MaxTimestamp);
        }
    }

    // The watermark moved: ids remembered long enough are forgotten, and what it passed is applied. Kept out of the
    // accept loop, as before the engine was split: inlined there (with the admission checks forced inline too) the
    // loop grew and the accept side of --loop core took ~40% more CPU samples per run.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnWatermark()
    {
        var watermark = Sources.Watermark;
        Admission.OnWatermark(watermark);
        Release.ReleaseUpTo(watermark, Sources.OneSource);
    }
}
