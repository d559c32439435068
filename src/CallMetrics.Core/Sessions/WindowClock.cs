using System.Runtime.CompilerServices;
using CallMetrics.Core.Output;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// Event time for the sessionizer: decides when granules close (every multiple of the gcd of all window
/// steps) and emits the windows that end there, final; writes the open windows early on request
/// (provisional); and fires every remaining window at the end of a finite input.
/// </summary>
/// <remarks>
/// Closing a granule fires the wrap timers due before it, scans for idle sessions when due, flushes every
/// open agent to the boundary, folds the granule's tallies into the window families and emits each family
/// whose step divides the boundary. With nothing open and nothing pending it jumps over empty granules.
/// </remarks>
internal sealed class WindowClock
{
    private readonly WindowSpec[] _specs;
    private readonly long _granuleNs;
    private readonly SeriesTallies _tallies;
    private readonly Accrual _accrual;
    private readonly LegLifecycle _legs;
    private readonly IdleEviction _eviction;
    private readonly IWindowSink _sink;
    private readonly Contacts.ContactTracker _contacts;

    // Scratch for emission, reused (not checkpointed): a result per family, and those that have lines.
    private readonly WindowResult[] _results;
    private readonly List<WindowResult> _emitted = [];

    /// <summary>Creates the clock of the window families <paramref name="specs"/>, emitting to <paramref name="sink"/>.</summary>
    public WindowClock(WindowSpec[] specs, SeriesTallies tallies, Accrual accrual, LegLifecycle legs, IdleEviction eviction, IWindowSink sink, Contacts.ContactTracker contacts)
    {
        _contacts = contacts;
        _specs = specs;
        _granuleNs = GranuleOf(specs);
        _tallies = tallies;
        _accrual = accrual;
        _legs = legs;
        _eviction = eviction;
        _sink = sink;
        _results = [.. _specs.Select(_ => new WindowResult())];
    }

    // Checkpointed: Started, NextBoundary, Now.

    /// <summary>True once event time has started (the first event or advance).</summary>
    public bool Started { get; set; }

    /// <summary>The end of the granule event time is in: the next boundary to close.</summary>
    public long NextBoundary { get; set; }

    /// <summary>Event time of the last applied event (or end of input); <see cref="long.MinValue"/> before.</summary>
    public long Now { get; set; } = long.MinValue;

    /// <summary>The state series written at each rolling step instant; null without rolling windows.</summary>
    public StateProjection? State { get; set; }

    /// <summary>
    /// Granule boundaries closed one by one since this clock was created (not checkpointed): a measure of the work
    /// event time has cost, for tests that a gap with nothing accruing is jumped, not walked.
    /// </summary>
    public long GranulesClosed { get; private set; }

    /// <summary>
    /// True in the service: each time event time closes granules, the <c>fcr_metrics</c> lines whose contacts changed
    /// since they were last written are written (final once the watermark passes their interval's end plus the FCR
    /// window), so they do not wait for provisional writes, which may be off. False in replay, which writes each line
    /// once, at the end of input. A setting of the engine's owner, not checkpointed.
    /// </summary>
    public bool WritesContactsAtCloses { get; set; }

    /// <summary>The granule: the greatest common divisor of the families' steps.</summary>
    public static long GranuleOf(IEnumerable<WindowSpec> specs) => specs.Select(s => s.StepNs).Aggregate(TimeMath.Gcd);

    /// <summary>
    /// Moves event time to <paramref name="t"/>: fires wrap deadlines before it and closes every
    /// granule that ends at or before it, emitting the windows that end there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AdvanceTo(long t)
    {
        // Called for every event: most stay inside the granule, so only the check is inlined.
        if (!Started || NextBoundary <= t)
        {
            CloseGranulesUpTo(t);
        }

        _legs.FireWrapTimers(t, inclusive: false);
        Now = Math.Max(Now, t);
    }

    /// <summary>
    /// End of a finite input at <paramref name="end"/> (the largest event time seen): open time counts up
    /// to it and no further, wraps whose deadline is exactly <paramref name="end"/> complete, and each
    /// family's window that contains <paramref name="end"/> is emitted as final, and none later.
    /// </summary>
    public void Finish(long end)
    {
        if (!Started)
        {
            return;
        }

        AdvanceTo(end);
        _legs.FireWrapTimers(end, inclusive: true);
        _accrual.FlushOpen(end);

        var granuleStart = NextBoundary - _granuleNs;
        _tallies.Fold(granuleStart);

        // METRICS: the interval that contains the end-of-input clock is the last one; rolling instants run to the
        // first multiple of step after the clock, none later (later windows would only lose data: no time accrues
        // after the end).
        for (var i = 0; i < _specs.Length; i++)
        {
            _emitted.Clear();
            EmitFamily(i, TimeMath.Floor(end, _specs[i].StepNs) + _specs[i].StepNs, final: true);
            Deliver();
        }

        // METRICS: in replay every fcr_metrics line is written once, at the end, as the end-of-input clock leaves it.
        _contacts.ResolveUpTo(end);
        EmitContacts(changedOnly: false, finalBefore: long.MaxValue);
    }

    /// <summary>
    /// Writes the windows that contain <paramref name="upTo"/> early, as they stand with open time
    /// counted up to <paramref name="upTo"/>, marked not final. Changes no state: the final write of the
    /// same windows later replaces these lines (same measurement, tags and timestamp).
    /// </summary>
    public void EmitProvisional(long upTo)
    {
        if (!Started || upTo < NextBoundary - _granuleNs)
        {
            return;
        }

        _accrual.AddAllPending();
        var extra = _accrual.PeekOpenTime(upTo);
        var noQueueExtra = new Dictionary<int, QueueTally>();
        _emitted.Clear();
        for (var i = 0; i < _specs.Length; i++)
        {
            var end = TimeMath.Floor(upTo, _specs[i].StepNs) + _specs[i].StepNs;
            var result = _results[i];
            result.Reset(_specs[i], end, isFinal: false);
            var agentVisitor = new AgentCollector(result, _tallies.AgentKeys);
            _tallies.Agents.Peek(i, end, extra, ref agentVisitor);
            var queueVisitor = new QueueCollector(result, _tallies.QueueKeys);
            _tallies.Queues.Peek(i, end, noQueueExtra, ref queueVisitor);
            var callTypeVisitor = new CallTypeCollector(result, _tallies.CallTypeKeys);
            _tallies.CallTypes.Peek(i, end, new Dictionary<int, CallTypeTally>(), ref callTypeVisitor);
            var tenantVisitor = new TenantCollector(result.TenantCounts, _tallies.TenantKeys);
            _tallies.Tenants.Peek(i, end, new Dictionary<int, TenantTally>(), ref tenantVisitor);
            if (result.HasAny)
            {
                result.RollUp();
                _emitted.Add(result);
            }
        }

        Deliver();

        // METRICS: in the service an fcr_metrics line is provisional, rewritten as its contacts settle, until the
        // watermark passes its interval's end plus the FCR window.
        _contacts.ResolveUpTo(upTo);
        EmitContacts(changedOnly: true, finalBefore: upTo - _contacts.WindowNs);
    }

    /// <summary>
    /// Hands the sink the <c>fcr_metrics</c> lines of every interval (or of those whose contacts changed since
    /// they were last written), one result per interval, final when the interval ends at or before
    /// <paramref name="finalBefore"/>; final intervals are then forgotten.
    /// </summary>
    public void EmitContacts(bool changedOnly, long finalBefore, bool finalOnly = false)
    {
        var spec = _specs[0];
        var results = new List<WindowResult>();
        var startBefore = finalOnly ? finalBefore - spec.StepNs + 1 : long.MaxValue;
        foreach (var (start, lines) in _contacts.Intervals.Take(changedOnly, startBefore))
        {
            var result = new WindowResult();
            var end = start + spec.StepNs;
            result.Reset(spec, end, isFinal: end <= finalBefore);
            result.Fcr.AddRange(lines);
            results.Add(result);
        }

        if (finalBefore != long.MaxValue)
        {
            _contacts.Intervals.DropBefore(finalBefore - spec.StepNs + 1);
        }

        if (results.Count > 0)
        {
            _sink.OnWindows(results);
        }
    }

    private void CloseGranulesUpTo(long t)
    {
        if (!Started)
        {
            Started = true;
            NextBoundary = TimeMath.Floor(t, _granuleNs) + _granuleNs;
            Now = t;
        }

        var closed = NextBoundary <= t;
        while (NextBoundary <= t)
        {
            if (IsIdle())
            {
                // Nothing open and nothing pending: jump over empty granules.
                NextBoundary = TimeMath.Floor(t, _granuleNs) + _granuleNs;
                break;
            }

            // METRICS: a wrap that reaches max_wrap exactly on the boundary completes in the later window.
            _legs.FireWrapTimers(NextBoundary, inclusive: false);
            CloseGranule(NextBoundary);
            NextBoundary += _granuleNs;
        }

        if (closed && WritesContactsAtCloses)
        {
            // METRICS: in the service an fcr_metrics line is written as the watermark moves, provisional (rewritten as
            // its contacts settle) until the watermark passes its interval's end plus the FCR window.
            var upTo = NextBoundary - _granuleNs;
            _contacts.ResolveUpTo(upTo);
            EmitContacts(changedOnly: true, finalBefore: upTo - _contacts.WindowNs);
        }
        else if (closed && _contacts.Intervals.FirstStart is { } first && first + _specs[0].StepNs <= NextBoundary - _granuleNs - _contacts.WindowNs)
        {
            // Replay writes each fcr_metrics line once: as soon as the clock has passed its interval's end plus the FCR
            // window (its counts can no longer change) rather than holding every interval of the input to its end,
            // so memory follows the window, not the length of the input. The rest are written at the end.
            var upTo = NextBoundary - _granuleNs;
            _contacts.ResolveUpTo(upTo);
            EmitContacts(changedOnly: false, finalBefore: upTo - _contacts.WindowNs, finalOnly: true);
        }
    }

    private bool IsIdle() => _accrual.Open.Count == 0 && _legs.TimerCount == 0 && !_tallies.HasPending && !(State?.HasLines(NextBoundary, Now) ?? false);

    private void CloseGranule(long boundary)
    {
        GranulesClosed++;
        _eviction.AtBoundary(boundary);
        _accrual.FlushOpen(boundary);

        var granuleStart = boundary - _granuleNs;
        _tallies.Fold(granuleStart);
        _contacts.ResolveUpTo(boundary);
        _emitted.Clear();
        for (var i = 0; i < _specs.Length; i++)
        {
            if (boundary % _specs[i].StepNs == 0)
            {
                EmitFamily(i, boundary, final: true);
            }
        }

        Deliver();
    }

    private void EmitFamily(int family, long end, bool final)
    {
        var result = _results[family];
        result.Reset(_specs[family], end, final);
        var agentVisitor = new AgentCollector(result, _tallies.AgentKeys);
        _tallies.Agents.Emit(family, end, ref agentVisitor);
        var queueVisitor = new QueueCollector(result, _tallies.QueueKeys);
        _tallies.Queues.Emit(family, end, ref queueVisitor);
        var callTypeVisitor = new CallTypeCollector(result, _tallies.CallTypeKeys);
        _tallies.CallTypes.Emit(family, end, ref callTypeVisitor);
        var tenantVisitor = new TenantCollector(result.TenantCounts, _tallies.TenantKeys);
        _tallies.Tenants.Emit(family, end, ref tenantVisitor);
        if (_specs[family].Kind == WindowKind.Rolling)
        {
            // METRICS: the state series at each step instant, from the state after every event before it.
            State?.Project(end, result);
        }

        if (result.HasAny)
        {
            result.RollUp();
            _emitted.Add(result);
        }
    }

    private void Deliver()
    {
        if (_emitted.Count > 0)
        {
            _sink.OnWindows(_emitted);
            _emitted.Clear();
        }
    }

    // The collectors copy each tally's percentile values into the result's arena: the tally they get is scratch.
    private readonly struct AgentCollector(WindowResult result, List<(int Tenant, int Agent, int Team)> keys) : ISeriesVisitor<AgentTally>
    {
        public void Visit(int series, in AgentTally tally)
        {
            var (tenant, agent, team) = keys[series];
            result.Agents.Add(new AgentLine(tenant, agent, team, tally.WithValuesIn(result.Values)));
        }
    }

    private readonly struct CallTypeCollector(WindowResult result, List<(int Tenant, int CallType)> keys) : ISeriesVisitor<CallTypeTally>
    {
        public void Visit(int series, in CallTypeTally tally)
        {
            var (tenant, callType) = keys[series];
            result.CallTypes.Add(new CallTypeLine(tenant, callType, tally.WithValuesIn(result.Values)));
        }
    }

    private readonly struct TenantCollector(List<(int Tenant, TenantTally Tally)> lines, List<int> keys) : ISeriesVisitor<TenantTally>
    {
        public void Visit(int series, in TenantTally tally) => lines.Add((keys[series], tally));
    }

    private readonly struct QueueCollector(WindowResult result, List<(int Tenant, int Queue)> keys) : ISeriesVisitor<QueueTally>
    {
        public void Visit(int series, in QueueTally tally)
        {
            var (tenant, queue) = keys[series];
            result.Queues.Add(new QueueLine(tenant, queue, tally.WithValuesIn(result.Values)));
        }
    }
}
