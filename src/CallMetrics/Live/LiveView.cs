using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Live;

/// <summary>
/// The live picture behind <c>/api/v1/live</c> and the wallboard. Sees every batch each engine shard applies
/// (<see cref="IShardObserver"/>, on the shard's task), feeds it to that shard's <see cref="LiveShard"/>, and
/// at most every <see cref="LiveOptions.PublishInterval"/> publishes the shard's new immutable picture with a
/// volatile write. Readers (<see cref="Current"/>) only read published pictures: no locks on the hot path,
/// and a reader never holds up a shard.
/// </summary>
internal sealed class LiveView : IShardObserver
{
    private readonly MetricsOptions _metrics;
    private readonly LiveOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<SymbolTable?> _symbols;
    private readonly ShardState?[] _shards;
    private readonly LivePicture[] _published;
    private readonly LiveHistory? _history;
    private long _failures;
    private MergedPicture? _merged;

    /// <summary>
    /// Creates the view for <paramref name="shards"/> shards whose symbols come from <paramref name="symbols"/> (the
    /// pipeline's, once it exists); each shard's final rolling windows also go to <paramref name="history"/>.
    /// </summary>
    public LiveView(MetricsOptions metrics, LiveOptions options, TimeProvider time, Func<SymbolTable?> symbols, int shards, LiveHistory? history = null)
    {
        _metrics = metrics;
        _options = options;
        _time = time;
        _symbols = symbols;
        _shards = new ShardState?[shards];
        _published = [.. Enumerable.Repeat(LivePicture.Empty, shards)];
        _history = history;
    }

    /// <summary>Exceptions caught in the live view (never thrown into a shard).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Events dropped from the live view because they arrived behind a later one (live lateness is 0).</summary>
    public long Dropped => _shards.Sum(s => s is null ? 0 : Volatile.Read(ref s.Dropped));

    /// <summary>The latest published picture of all shards.</summary>
    public LivePicture Current
    {
        get
        {
            var parts = new LivePicture[_published.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = Volatile.Read(ref _published[i]);
            }

            var cached = Volatile.Read(ref _merged);
            if (cached is not null && cached.Parts.AsSpan().SequenceEqual(parts))
            {
                return cached.Merged;
            }

            // Racing readers may both merge: harmless, the results are equal.
            var merged = LivePicture.Merge(parts);
            Volatile.Write(ref _merged, new MergedPicture(parts, merged));
            return merged;
        }
    }

    /// <inheritdoc/>
    public void OnSourceChanges(int shard, IReadOnlyList<(int Source, SourceChange Change)> changes)
    {
        try
        {
            if (Shard(shard) is not { } state)
            {
                return;
            }

            foreach (var (source, change) in changes)
            {
                switch (change)
                {
                    case SourceChange.Registered: state.Live.Engine.RegisterSource(source); break;
                    case SourceChange.Idle: state.Live.Engine.SetSourceIdle(source, idle: true); break;
                    case SourceChange.Removed: state.Live.Engine.RemoveSource(source); break;
                    default: break;
                }
            }

            // A source change moves the picture only when it moves the live engine's watermark.
            NoteProgress(state);
        }
        catch (Exception)
        {
            // The live view must never fail the shard: counted, shown in /metrics.
            Interlocked.Increment(ref _failures);
        }
    }

    /// <inheritdoc/>
    public void OnBatch(int shard, IReadOnlyList<CanonicalEvent> events, IReadOnlyList<int> sources)
    {
        try
        {
            if (Shard(shard) is not { } state)
            {
                return;
            }

            for (var i = 0; i < events.Count; i++)
            {
                state.Live.Accept(events[i], sources[i]);
            }

            Volatile.Write(ref state.Dropped, state.Live.Dropped);
            NoteProgress(state);

            // Rate-limited; a batch without events (the pipeline's idle tick) publishes what is pending.
            if (state.Dirty && (events.Count == 0 || _time.GetElapsedTime(state.LastPublish) >= _options.PublishInterval))
            {
                Publish(shard, state);
            }
        }
        catch (Exception)
        {
            // The live view must never fail the shard: counted, shown in /metrics.
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>Publishes whatever is pending on every shard now (tests; only while no shard runs).</summary>
    internal void Flush()
    {
        for (var i = 0; i < _shards.Length; i++)
        {
            if (_shards[i] is { Dirty: true } state)
            {
                Publish(i, state);
            }
        }
    }

    private void Publish(int shard, ShardState state)
    {
        state.Dirty = false;
        state.LastPublish = _time.GetTimestamp();
        state.Version++;
        Volatile.Write(ref _published[shard], state.Live.Build(state.Version, state.LastUpdate));
    }

    /// <summary>
    /// Marks the shard dirty, and stamps its last update, when the live engine applied events since the last
    /// look. The picture is a function of the events applied and the watermark, so a batch of duplicates, of
    /// events held back at the latest timestamp, or an idle mark that releases nothing leaves it (and its
    /// version) as it is.
    /// </summary>
    private void NoteProgress(ShardState state)
    {
        var engine = state.Live.Engine;
        var applied = engine.Counters.Accepted - engine.Buffered;
        if (engine.Watermark == state.SeenWatermark && applied == state.SeenApplied)
        {
            return;
        }

        state.SeenWatermark = engine.Watermark;
        state.SeenApplied = applied;
        state.Dirty = true;
        state.LastUpdate = _time.GetUtcNow();
    }

    private ShardState? Shard(int shard)
    {
        if (_shards[shard] is { } state)
        {
            return state;
        }

        // The pipeline's symbol table (its events carry its symbols); null before the pipeline exists.
        if (_symbols() is not { } symbols)
        {
            return null;
        }

        return _shards[shard] = new ShardState(new LiveShard(_metrics, symbols, _options.RecentAbandons, _history, _time));
    }

    private sealed record MergedPicture(LivePicture[] Parts, LivePicture Merged);

    /// <summary>What one shard's task owns (only <see cref="Dropped"/> is read elsewhere).</summary>
    private sealed class ShardState(LiveShard live)
    {
        public long Dropped;

        public LiveShard Live { get; } = live;

        public bool Dirty { get; set; }

        public long LastPublish { get; set; }

        public long Version { get; set; }

        public DateTimeOffset? LastUpdate { get; set; }

        /// <summary>The live engine's watermark when <see cref="NoteProgress"/> last looked.</summary>
        public long SeenWatermark { get; set; } = long.MinValue;

        /// <summary>Events the live engine had applied (accepted and no longer buffered) then.</summary>
        public long SeenApplied { get; set; }
    }
}
