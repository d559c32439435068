using CallMetrics.Core.Events;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using PipelineStatistics = CallMetrics.Pipeline.PipelineStatistics;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// What the engine stage does with each element, apart from Akka's plumbing: the single owner of one
/// <see cref="MetricsEngine"/> (the tenants routed to it), so the hot path takes no locks. Applies event batches in
/// order, dead-letters rejected and late records in input order, and copies the windows the engine closes out for
/// formatting on another thread.
/// </summary>
internal sealed class EngineShard : IWindowSink, IAcceptObserver
{
    private readonly WindowPool _windows;
    private readonly PipelineStatistics _statistics;
    private readonly SymbolTable _symbols;
    private readonly IShardObserver? _observer;
    private readonly List<CanonicalEvent> _observed = [];
    private readonly List<int> _observedSources = [];
    private WindowBatch? _closed;

    // The batch being applied: where its current run starts, the run's events not accepted (by index in the run), and
    // the dead letters so far, in input order.
    private RecordBatch? _applying;
    private int _runStart;
    private readonly List<int> _notAccepted = [];
    private DeadLetterBatch? _dead;
    private long _lastDuplicates;

    // Scaled mode: the engine's numbering of sources (graph source to engine source), restored with a checkpoint
    // written by whichever instance owned the partition before; null while the engine numbers sources as the graph does.
    private Dictionary<int, int>? _engineSources;
    private readonly HashSet<int> _idle = [];

    /// <summary>Creates shard <paramref name="index"/>; <paramref name="createEngine"/> builds its engine around the window sink it is given.</summary>
    /// <param name="index">The shard's number (its snapshots carry it).</param>
    /// <param name="createEngine">Builds the engine (restored or empty) around the window sink it is given.</param>
    /// <param name="symbols">The graph's symbol table (snapshots write names).</param>
    /// <param name="windows">Where window copies come from.</param>
    /// <param name="statistics">The graph's counters.</param>
    /// <param name="observer">Sees every applied batch (the live view), or none.</param>
    public EngineShard(
        int index,
        Func<IWindowSink, MetricsEngine> createEngine,
        SymbolTable symbols,
        WindowPool windows,
        PipelineStatistics statistics,
        IShardObserver? observer = null)
    {
        Index = index;
        _symbols = symbols;
        _windows = windows;
        _statistics = statistics;
        _observer = observer;
        Engine = createEngine(this);
    }

    /// <summary>The shard's number.</summary>
    public int Index { get; }

    /// <summary>
    /// What a graph source is, stable across restarts and instances (topic index and partition), for rules that must
    /// not depend on the order sources were first seen; by default source n is (0, n).
    /// </summary>
    public Func<int, SourceIdentity> Identities { get; init; } = static source => new SourceIdentity(0, source);

    /// <summary>The engine (read its counters only once the stream has stopped).</summary>
    public MetricsEngine Engine { get; private set; }

    /// <summary>Told each batch this shard applied, for the symbol table's release protocol; null when nothing is released.</summary>
    public SymbolReleases? Releases { get; init; }

    /// <summary>Applies <paramref name="element"/> and appends what goes downstream to <paramref name="output"/>.</summary>
    public void Handle(StreamElement element, List<StreamElement> output)
    {
        switch (element)
        {
            case EventBatch batch:
                Apply(batch, output);
                break;
            case SourceChanged changed:
                // An idle or revoked source may let the watermark pass window ends: those windows close now.
                Change(changed);
                _statistics.SetWatermark(Engine.Watermark);
                TakeWindows(output);
                break;
            case SourceProgress progress:
                // Applied where it stands among the events: applied early, it could make earlier events late.
                Engine.AdvanceSource(EngineSource(progress.Source), progress.Timestamp);
                TakeWindows(output);
                break;
            case ShardReplaced replaced:
                Replace(replaced);
                break;
            case Tick { Kind: TickKind.Provisional }:
                Engine.EmitProvisional();
                TakeWindows(output);
                break;
            case Tick { Kind: TickKind.Pause }:
                _observed.Clear();
                _observedSources.Clear();
                _observer?.OnBatch(Index, _observed, _observedSources);
                break;
            case CheckpointBarrier barrier:
                TakeWindows(output);
                output.Add(new ShardSnapshot(barrier, Index, Snapshot(), _engineSources is null ? null : new Dictionary<int, int>(_engineSources)));
                break;
            case EndOfInput:
                Engine.Complete();
                TakeWindows(output);
                output.Add(element);
                break;
            default:
                output.Add(element);
                break;
        }
    }

    private void Apply(EventBatch batch, List<StreamElement> output)
    {
        var events = batch.Events;
        var records = batch.Records;
        var rejections = batch.Rejections;

        // Decoders ran ahead of the engine: an event decoded before a call id was retired gets the name's number now
        // (not the entries at rejected indices, which hold whatever the pooled buffer held).
        if (batch.Stamp != _symbols.Generation)
        {
            var skip = 0;
            for (var i = 0; i < events.Length; i++)
            {
                if (skip < rejections.Count && rejections[skip].Index == i)
                {
                    skip++;
                    continue;
                }

                _symbols.Refresh(ref events[i], batch.Stamp);
            }
        }

        _dead = null;
        _applying = records;
        var next = 0;
        var accepted = 0;
        for (var start = 0; start < events.Length;)
        {
            if (next < rejections.Count && rejections[next].Index == start)
            {
                Reject(records, start, rejections[next++].Reason);
                start++;
                continue;
            }

            // A run of events of one source up to the next rejection is one call: the engine prefetches within it.
            var source = records.Position(start).Source;
            var limit = next < rejections.Count ? rejections[next].Index : events.Length;
            var end = start + 1;
            while (end < limit && records.Position(end).Source == source)
            {
                end++;
            }

            _runStart = start;
            var run = events[start..end];
            accepted += Engine.Accept(run, EngineSource(source), this);
            ObserveEventTimes(run);
            start = end;
        }

        var dead = _dead;
        _dead = null;
        _applying = null;
        Releases?.Applied(Index, batch.Stamp);
        _statistics.AddAccepted(accepted);
        if (_observer is not null)
        {
            Observe(batch);
        }

        var duplicates = Engine.Counters.Duplicates;
        _statistics.AddDuplicates(duplicates - _lastDuplicates);
        _lastDuplicates = duplicates;
        _statistics.SetWatermark(Engine.Watermark);

        // The dead letters hold copies of their bytes: the batch's buffers go back now.
        batch.Return();
        TakeWindows(output);
        if (dead is not null)
        {
            output.Add(dead);
        }
    }

    // The latest event time among the accepted events of a run (rejected ones never count).
    private void ObserveEventTimes(ReadOnlySpan<CanonicalEvent> run)
    {
        var latest = long.MinValue;
        var rejected = _notAccepted;
        var r = 0;
        for (var i = 0; i < run.Length; i++)
        {
            if (r < rejected.Count && rejected[r] == i)
            {
                r++;
                continue;
            }

            latest = Math.Max(latest, run[i].Timestamp);
        }

        _notAccepted.Clear();
        if (latest != long.MinValue)
        {
            _statistics.ObserveEventTime(latest);
        }
    }

    void IAcceptObserver.OnNotAccepted(int index, in CanonicalEvent e, AcceptResult result)
    {
        _notAccepted.Add(index);
        switch (result)
        {
            case AcceptResult.Late:
                _statistics.AddLate(1);
                Reject(_applying!, _runStart + index, Engine.DescribeRejection(result, e.Timestamp));
                break;
            case AcceptResult.TooFarAhead or AcceptResult.Future or AcceptResult.TooOld:
                Reject(_applying!, _runStart + index, Engine.DescribeRejection(result, e.Timestamp));
                break;
            default:
                break;
        }
    }

    /// <summary>The engine's state now, as the checkpoint keeps it.</summary>
    public byte[] Snapshot()
    {
        using var buffer = new MemoryStream();
        Engine.Snapshot(buffer, _symbols);
        return buffer.ToArray();
    }

    private void Observe(EventBatch batch)
    {
        _observed.Clear();
        _observedSources.Clear();
        var next = 0;
        var events = batch.Events;
        for (var i = 0; i < events.Length; i++)
        {
            if (next < batch.Rejections.Count && batch.Rejections[next].Index == i)
            {
                next++;
                continue;
            }

            _observed.Add(events[i]);
            _observedSources.Add(batch.Records.Position(i).Source);
        }

        _observer!.OnBatch(Index, _observed, _observedSources);
    }

    private void Reject(RecordBatch records, int index, string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        _statistics.AddDeadLettered(colon < 0 ? reason : reason[..colon]);
        (_dead ??= new DeadLetterBatch()).Letters.Add(new RejectedRecord(
            records.Position(index),
            reason,
            records.Value(index).ToArray(),
            records.HasKey(index) ? records.Key(index).ToArray() : null));
    }

    private void Change(SourceChanged changed)
    {
        _observer?.OnSourceChanges(Index, [(changed.Source, changed.Change)]);
        if (changed.Change == SourceChange.Idle)
        {
            _idle.Add(changed.Source);
        }
        else
        {
            _idle.Remove(changed.Source);
        }

        var source = EngineSource(changed.Source);
        switch (changed.Change)
        {
            case SourceChange.Registered: Engine.RegisterSource(source, RankOf(Identities(changed.Source))); break;
            case SourceChange.Idle: Engine.SetSourceIdle(source, idle: true); break;
            case SourceChange.Removed: Engine.RemoveSource(source); break;
            default: break;
        }
    }

    // Scaled mode: the partition moved here (with its checkpointed state) or away (an empty engine). Every source of the
    // new engine holds the watermark until it delivers or idles; one the graph knows idle stays idle.
    private void Replace(ShardReplaced replaced)
    {
        Engine = replaced.Engine ?? throw new InvalidOperationException("the engine of a shard replacement is built by SymbolReleases where it passes");
        _engineSources = new Dictionary<int, int>(replaced.Sources);
        _lastDuplicates = 0;
        foreach (var (graphSource, source) in _engineSources)
        {
            Engine.RegisterSource(source);
            if (_idle.Contains(graphSource))
            {
                Engine.SetSourceIdle(source, idle: true);
            }
        }

        _statistics.SetWatermark(Engine.Watermark);
    }

    // The engine's number of a graph source: the same number, unless the engine came with a numbering of its own; a
    // source it has not seen yet (an input topic that grew) gets the next number and holds the watermark from now on.
    private int EngineSource(int graphSource)
    {
        if (_engineSources is null)
        {
            return graphSource;
        }

        if (!_engineSources.TryGetValue(graphSource, out var source))
        {
            source = _engineSources.Count == 0 ? 0 : _engineSources.Values.Max() + 1;
            _engineSources[graphSource] = source;
            Engine.RegisterSource(source);
        }

        return source;
    }

    /// <summary>
    /// The engine's rank of a source (METRICS.md "Partitioned input"; docs/DECISIONS.md "Kafka (the service)"): its
    /// topic's index among the input topics times 2^32 plus its partition, an internal topic after them; it orders
    /// equal event times across sources whatever order they were assigned or read in.
    /// </summary>
    private static long RankOf(SourceIdentity identity) =>
        ((long)(identity.Topic < 0 ? int.MaxValue : identity.Topic) << 32) | (uint)identity.Partition;

    private void TakeWindows(List<StreamElement> output)
    {
        if (_closed is not null)
        {
            _statistics.AddLines(_closed.LineCount);
            output.Add(_closed);
            _closed = null;
        }
    }

    void IWindowSink.OnWindows(IReadOnlyList<WindowResult> windows)
    {
        _closed ??= new WindowBatch();
        foreach (var window in windows)
        {
            _closed.Windows.Add(_windows.Copy(window));
        }

        _closed.GroupEnds.Add(_closed.Windows.Count);
    }
}
