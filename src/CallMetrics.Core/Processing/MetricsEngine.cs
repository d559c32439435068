using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Processing;

/// <summary>
/// The aggregation core: takes decoded events in arrival order, drops duplicates, rejects late events,
/// releases the rest in event-time order once the watermark passes them, sessionizes them and emits
/// windows. The result is that of the stably sorted input (METRICS.md "Lateness, duplicates, end of input").
/// Single-threaded by design: one engine per partition of the key space.
/// </summary>
public sealed class MetricsEngine
{
    private readonly long _latenessNs;
    private readonly long _maxFutureSkewNs;
    private readonly TimeProvider? _clock;
    private readonly DedupeSet _dedupe;
    private readonly ReorderBuffer _buffer = new();
    private readonly Sessionizer _sessionizer;
    private long _maxTimestamp = long.MinValue;
    private long _watermark = long.MinValue;
    private long[] _sourceMax = [];
    private bool[] _sourceIdle = [];
    private bool[] _sourceRegistered = [];
    private bool _completed;

    /// <summary>Creates an engine that hands windows to <paramref name="sink"/>.</summary>
    /// <param name="options">The metric definitions.</param>
    /// <param name="sink">Receives closed (and provisional) windows.</param>
    /// <param name="clock">
    /// Wall time for the max future skew: an event is too far ahead only when it is ahead of both the latest
    /// event time accepted and this clock, so a live feed resuming after a quiet period longer than the skew
    /// is accepted. It only widens the limit, never narrows it. Null (replay): event time alone.
    /// </param>
    /// <param name="releaseSymbol">
    /// Called with the symbol of a call id the engine will never refer to again (ended longer than the
    /// retention ago), so the owner of the symbol table can release it; null keeps every name.
    /// </param>
    public MetricsEngine(MetricsOptions options, IWindowSink sink, TimeProvider? clock = null, Action<int>? releaseSymbol = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _latenessNs = TimeMath.Nanos(options.Lateness);
        _maxFutureSkewNs = options.MaxFutureSkew is { } skew ? TimeMath.Nanos(skew) : long.MaxValue;
        _clock = clock;
        // METRICS: an id already accepted is a duplicate even if it is also late; remembered for the horizon,
        // never less than the lateness (before that, a copy could still be applied).
        _dedupe = new DedupeSet(Math.Max(TimeMath.Nanos(options.DedupeHorizon), _latenessNs));
        _sessionizer = new Sessionizer(options, sink, releaseSymbol);
    }

    /// <summary>The options.</summary>
    public MetricsOptions Options { get; }

    /// <summary>
    /// Event time minus lateness: with one source (a file), the largest accepted event time minus the
    /// lateness (METRICS.md). With several sources (Kafka partitions, each ordered only in itself), the
    /// smallest of the sources' largest times, over the sources not marked idle, minus the lateness, so
    /// one partition consumed ahead of another does not make the other's events late.
    /// <see cref="long.MinValue"/> before the first event. Never moves back.
    /// </summary>
    public long Watermark => _watermark;

    /// <summary>Largest accepted event time.</summary>
    public long MaxTimestamp => _maxTimestamp;

    /// <summary>Before the first watermark, the earliest event time accepted: the max future skew before the latest event time.</summary>
    private long PastLimit =>
        _maxFutureSkewNs == long.MaxValue || _maxTimestamp == long.MinValue || _maxTimestamp < long.MinValue + _maxFutureSkewNs
            ? long.MinValue
            : _maxTimestamp - _maxFutureSkewNs;

    /// <summary>
    /// The reason for a rejection of an event at <paramref name="timestamp"/>, for a dead letter:
    /// <c>late: ...</c> or <c>too_far_ahead: ...</c>. Call it right after <see cref="Accept(in CanonicalEvent, int)"/>
    /// (a rejection changes no state).
    /// </summary>
    public string DescribeRejection(AcceptResult result, long timestamp)
    {
        var ts = Rfc3339.Format(timestamp);
        var skew = Options.MaxFutureSkew is { } s ? DurationText.Format(s) : "none";
        return result switch
        {
            AcceptResult.Late when _watermark == long.MinValue =>
                $"{RejectReason.Late.Code()}: ts {ts} is more than the max future skew ({skew}) behind the latest event time {Rfc3339.Format(_maxTimestamp)}",
            AcceptResult.Late => $"{RejectReason.Late.Code()}: ts {ts} is before the watermark {Rfc3339.Format(_watermark)}",
            AcceptResult.TooFarAhead =>
                $"{RejectReason.TooFarAhead.Code()}: ts {ts} is after {Rfc3339.Format(FutureLimit)}, more than the max future skew ({skew}) ahead of event time",
            _ => result.ToString(),
        };
    }

    /// <summary>
    /// The latest event time accepted now: the max future skew past the latest event time accepted, or past
    /// the clock when that is later. <see cref="long.MaxValue"/> without a limit or before the first event.
    /// </summary>
    public long FutureLimit
    {
        get
        {
            if (_maxFutureSkewNs == long.MaxValue)
            {
                return long.MaxValue;
            }

            var reference = _maxTimestamp;
            if (_clock is not null && reference != long.MinValue)
            {
                // The clock only widens the limit: a host whose clock is behind the data (a test machine,
                // a replayed backlog) must not reject what event time alone would accept.
                reference = Math.Max(reference, (_clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100);
            }

            return reference == long.MinValue || reference > long.MaxValue - _maxFutureSkewNs ? long.MaxValue : reference + _maxFutureSkewNs;
        }
    }

    /// <summary>What was accepted, ignored and rejected.</summary>
    public EngineCounters Counters { get; } = new();

    /// <summary>What the sessionizer noticed.</summary>
    public SessionCounters SessionCounters => _sessionizer.Counters;

    /// <summary>The window families produced.</summary>
    public IReadOnlyList<WindowSpec> Specs => _sessionizer.Specs;

    /// <summary>Events waiting for the watermark.</summary>
    public int Buffered => _buffer.Count;

    /// <summary>Agents known.</summary>
    public int AgentCount => _sessionizer.AgentCount;

    /// <summary>Calls in the system.</summary>
    public int OpenCallCount => _sessionizer.OpenCallCount;

    // Three steps of prefetch in the release loop: session slots 24 events ahead, the sessions 16 ahead, what hangs
    // off them 8 ahead.
    private const int SlotPrefetchDistance = 24;
    private const int SessionPrefetchDistance = 16;
    private const int LegPrefetchDistance = 8;

    /// <summary>
    /// How far ahead a caller should <see cref="Prefetch(in CanonicalEvent)"/>: before accepting event i, prefetch
    /// event i + <see cref="PrefetchDistance"/> (and the first ones up front), so every event's miss has had the
    /// same head start.
    /// </summary>
    public const int PrefetchDistance = 16;

    /// <summary>
    /// A hint, no effect on results: prefetches what <see cref="Accept(in CanonicalEvent, int)"/> will read first for
    /// each of <paramref name="upcoming"/> (its dedupe slot), so that the cache misses of events are in flight
    /// together instead of one after another. Worth 20-40% of the core's time once the day of dedupe ids
    /// outgrows the cache (docs/PERFORMANCE.md "Aggregation core").
    /// </summary>
    public void Prefetch(ReadOnlySpan<CanonicalEvent> upcoming)
    {
        foreach (ref readonly var e in upcoming)
        {
            _dedupe.Touch(e.Id);
        }
    }

    /// <summary>The same hint for one upcoming event.</summary>
    public void Prefetch(in CanonicalEvent upcoming) => _dedupe.Touch(upcoming.Id);

    /// <summary>
    /// The hint for a caller about to accept <paramref name="events"/>[<paramref name="index"/>], walking
    /// <paramref name="events"/> in order: the first <see cref="PrefetchDistance"/> events at index 0, then the event
    /// <see cref="PrefetchDistance"/> ahead.
    /// </summary>
    public void PrefetchAhead(ReadOnlySpan<CanonicalEvent> events, int index)
    {
        if (index == 0)
        {
            Prefetch(events[..Math.Min(PrefetchDistance, events.Length)]);
        }

        if (index + PrefetchDistance < events.Length)
        {
            _dedupe.Touch(events[index + PrefetchDistance].Id);
        }
    }

    /// <summary>Offers one event from source 0; applies whatever the watermark releases.</summary>
    public AcceptResult Accept(in CanonicalEvent e) => Accept(e, 0);

    /// <summary>Offers one event read from <paramref name="source"/> (a small dense number, e.g. per Kafka partition).</summary>
    public AcceptResult Accept(in CanonicalEvent e, int source)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The engine has completed; create a new one for more input.");
        }

        // METRICS: an id already accepted is a duplicate even if it is also late.
        if (_dedupe.Contains(e.Id))
        {
            Counters.Duplicates++;
            return AcceptResult.Duplicate;
        }

        // METRICS: a ts exactly at the watermark is not late. Before there is a watermark (sources that
        // have not delivered yet hold it back), an event more than the max skew behind the latest time is
        // late all the same: accepted, it would be released first and drag the windows back to its time.
        if (e.Timestamp < Watermark || (_watermark == long.MinValue && e.Timestamp < PastLimit))
        {
            Counters.Late++;
            return AcceptResult.Late;
        }

        // One producer with a wrong clock must not move event time for all: past the limit the event is
        // rejected rather than let it make every later event late (docs/DECISIONS.md "Clock skew").
        if (e.Timestamp > FutureLimit)
        {
            Counters.TooFarAhead++;
            return AcceptResult.TooFarAhead;
        }

        Counters.Accepted++;
        _dedupe.Add(e.Id);
        _buffer.Add(e);
        _maxTimestamp = Math.Max(_maxTimestamp, e.Timestamp);
        EnsureSource(source);
        if (e.Timestamp > _sourceMax[source])
        {
            _sourceMax[source] = e.Timestamp;
            _sourceIdle[source] = false;
            UpdateWatermark();
        }

        return AcceptResult.Accepted;
    }

    /// <summary>
    /// Marks a source idle (caught up, nothing to read) or active again. Idle sources do not hold the
    /// watermark back; when every source is idle, the largest time of all of them counts.
    /// </summary>
    public void SetSourceIdle(int source, bool idle)
    {
        EnsureSource(source);
        if (_sourceIdle[source] != idle)
        {
            _sourceIdle[source] = idle;
            UpdateWatermark();
        }
    }

    /// <summary>
    /// Announces a source before it delivers (a newly assigned partition): until it delivers an event or
    /// is marked idle, it holds the watermark back, since its first events may be older than the others'.
    /// </summary>
    public void RegisterSource(int source)
    {
        EnsureSource(source);
        _sourceRegistered[source] = true;
        _sourceIdle[source] = false;
    }

    /// <summary>
    /// Tells the engine that <paramref name="source"/> has reached event time <paramref name="timestamp"/>
    /// without delivering the events themselves (they went to another engine: a progress marker of a
    /// repartitioned input). The source then holds the watermark back no further than if its events had
    /// come here; smaller times than it already reached change nothing.
    /// </summary>
    public void AdvanceSource(int source, long timestamp)
    {
        EnsureSource(source);
        if (timestamp > _sourceMax[source])
        {
            _sourceMax[source] = timestamp;
            _sourceIdle[source] = false;
            UpdateWatermark();
        }
    }

    /// <summary>Forgets a source (its partition was revoked): it no longer holds the watermark back.</summary>
    public void RemoveSource(int source)
    {
        EnsureSource(source);
        _sourceRegistered[source] = false;
        SetSourceIdle(source, idle: true);
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
        using var w = new Snapshots.SnapshotWriter(output, symbols);
        w.String(SnapshotFormat);
        w.String(OptionsFingerprint(Options));
        w.Long(_maxTimestamp);
        w.Long(_watermark);
        w.Bool(_completed);
        w.Long(Counters.Accepted);
        w.Long(Counters.Duplicates);
        w.Long(Counters.Late);
        w.Count(_sourceMax.Length);
        for (var i = 0; i < _sourceMax.Length; i++)
        {
            w.Long(_sourceMax[i]);
            w.Bool(_sourceIdle[i]);
            w.Bool(_sourceRegistered[i]);
        }

        _dedupe.WriteTo(w);
        _buffer.WriteTo(w);
        _sessionizer.WriteTo(w);
    }

    /// <summary>
    /// Creates an engine from a snapshot. Fails with <see cref="InvalidDataException"/> when the snapshot was
    /// written by another format version (the previous one, which differs only in holding whole dedupe ids, is
    /// still read) or with other metric options (its windows would not fit).
    /// </summary>
    public static MetricsEngine Restore(Stream input, SymbolTable symbols, MetricsOptions options, IWindowSink sink, TimeProvider? clock = null, Action<int>? releaseSymbol = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(symbols);
        var engine = new MetricsEngine(options, sink, clock, releaseSymbol);
        using var r = new Snapshots.SnapshotReader(input, symbols);
        var format = r.String();
        if (format != SnapshotFormat && format != SnapshotFormatFullDedupeIds)
        {
            throw new InvalidDataException($"snapshot format '{format}' is not '{SnapshotFormat}'");
        }

        var fingerprint = r.String();
        if (fingerprint != OptionsFingerprint(options))
        {
            throw new InvalidDataException($"snapshot was taken with other metric options ({fingerprint}); now {OptionsFingerprint(options)}");
        }

        engine._maxTimestamp = r.Long();
        engine._watermark = r.Long();
        engine._completed = r.Bool();
        engine.Counters.Accepted = r.Long();
        engine.Counters.Duplicates = r.Long();
        engine.Counters.Late = r.Long();
        var sources = r.Count();
        engine.EnsureSource(Math.Max(sources - 1, 0));
        for (var i = 0; i < sources; i++)
        {
            engine._sourceMax[i] = r.Long();
            engine._sourceIdle[i] = r.Bool();
            engine._sourceRegistered[i] = r.Bool();
        }

        engine._dedupe.ReadFrom(r, fullIds: format == SnapshotFormatFullDedupeIds);
        engine._buffer.ReadFrom(r);
        engine._sessionizer.ReadFrom(r);
        return engine;
    }

    private const string SnapshotFormat = "callmetrics-engine-3";

    /// <summary>The format before the dedupe set kept fingerprints: the same but for whole ids in the dedupe section. Still restored.</summary>
    private const string SnapshotFormatFullDedupeIds = "callmetrics-engine-2";

    private static string OptionsFingerprint(MetricsOptions o) =>
        string.Join(",", o.Interval.Ticks, o.Rolling?.Ticks ?? 0, o.Step.Ticks, o.ServiceLevelThreshold.Ticks, o.ShortAbandon.Ticks, o.MaxWrap.Ticks, o.Lateness.Ticks, o.Retention.Ticks, o.IdleTimeout.Ticks);

    private void EnsureSource(int source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(source);
        if (source >= _sourceMax.Length)
        {
            var size = Math.Max(source + 1, _sourceMax.Length * 2);
            var oldLength = _sourceMax.Length;
            Array.Resize(ref _sourceMax, size);
            Array.Resize(ref _sourceIdle, size);
            Array.Resize(ref _sourceRegistered, size);
            _sourceMax.AsSpan(oldLength).Fill(long.MinValue);
        }
    }

    private void UpdateWatermark()
    {
        long active = long.MaxValue, all = long.MinValue;
        for (var i = 0; i < _sourceMax.Length; i++)
        {
            var max = _sourceMax[i];
            if (max == long.MinValue)
            {
                if (_sourceRegistered[i] && !_sourceIdle[i])
                {
                    return; // a registered source has not delivered yet: its first event may be the oldest
                }

                continue;
            }

            all = Math.Max(all, max);
            if (!_sourceIdle[i])
            {
                active = Math.Min(active, max);
            }
        }

        var basis = active != long.MaxValue ? active : all;
        if (basis == long.MinValue)
        {
            return;
        }

        var watermark = basis - _latenessNs;
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        _dedupe.OnWatermark(watermark);
        Release(watermark);

        // Every event still to come is at or after the watermark: windows ending by then are final.
        _sessionizer.AdvanceTo(watermark);
    }

    /// <summary>Every known agent as it is at the watermark.</summary>
    public List<Live.AgentView> Agents(SymbolTable symbols) => _sessionizer.Agents(symbols);

    /// <summary>Calls waiting in a queue at the watermark.</summary>
    public List<Live.WaitingCallView> WaitingCalls(SymbolTable symbols) => _sessionizer.WaitingCalls(symbols);

    /// <summary>The most recent abandons, oldest first.</summary>
    public List<Live.AbandonView> RecentAbandons(SymbolTable symbols) => _sessionizer.RecentAbandons(symbols);

    /// <summary>
    /// Writes the windows open at the watermark early (not final), with open time counted up to the
    /// watermark. A live service calls this now and then so charts do not wait for windows to close.
    /// </summary>
    public void EmitProvisional()
    {
        if (_watermark != long.MinValue && !_completed)
        {
            _sessionizer.EmitProvisional(_watermark);
        }
    }

    /// <summary>
    /// End of a finite input: applies everything buffered and emits the last windows, with open
    /// time counted up to the largest event time seen.
    /// </summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        Release(long.MaxValue);
        if (_maxTimestamp != long.MinValue)
        {
            _sessionizer.Finish(_maxTimestamp);
        }
    }

    private void Release(long limit)
    {
        // Any event still to come has a time at or after the watermark, so everything up to it can be applied.
        while (_buffer.TryTake(limit, out var e))
        {
            // Events are released about one per event accepted: prefetching the session slots of the one 24 places
            // behind, the sessions of the one 16 behind (its slots arrived meanwhile) and the legs of the one 8 behind
            // (its sessions arrived meanwhile) puts their misses in flight while the events between are applied.
            if (_buffer.HasAhead(SlotPrefetchDistance))
            {
                _sessionizer.TouchSlots(in _buffer.PeekAhead(SlotPrefetchDistance));
            }

            if (_buffer.HasAhead(SessionPrefetchDistance))
            {
                _sessionizer.Touch(in _buffer.PeekAhead(SessionPrefetchDistance));
            }

            if (_buffer.HasAhead(LegPrefetchDistance))
            {
                _sessionizer.TouchLegs(in _buffer.PeekAhead(LegPrefetchDistance));
            }

            _sessionizer.Apply(e);
        }
    }
}
