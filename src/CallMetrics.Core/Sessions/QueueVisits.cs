namespace CallMetrics.Core.Sessions;

/// <summary>
/// The visits open in each queue, for the <c>queue_state</c> series (METRICS.md "Live state and alerts"): per queue
/// series the number waiting and the starts of its visits in start order, so the count and the oldest open start are
/// read without a scan of the calls; and the event time of the queue's last event.
/// </summary>
/// <remarks>
/// A visit joins its queue's list when it starts (events come in time order, so the list stays sorted by start) under
/// a number kept in the call (<see cref="CallSession.VisitId"/>); when it ends the call forgets the number, and the
/// entry, now stale, leaves once it reaches the head. So opening and closing cost O(1) and nothing per call is added
/// but an int (the call fits its prefetched cache line). Stale entries behind a long wait are bounded by the visits
/// that queue starts meanwhile. Not checkpointed but rebuilt from the calls; only the last event times are.
/// </remarks>
internal sealed class QueueVisits
{
    private Queue<(long Start, CallSession Call, int Id)>?[] _visits = new Queue<(long, CallSession, int)>?[16];
    private int[] _waiting = new int[16];
    private long[] _lastEvent = Never(16);
    private int _nextId;

    /// <summary>True when visits are tracked (the state series are written); else opening and closing do nothing.</summary>
    public bool Enabled { get; set; }

    /// <summary>Queue series known here (all below this number).</summary>
    public int SeriesCount { get; private set; }

    /// <summary>Visits open in every queue together.</summary>
    public int TotalWaiting { get; private set; }

    /// <summary>Visits open in the queue of <paramref name="series"/>.</summary>
    public int Waiting(int series) => series < SeriesCount ? _waiting[series] : 0;

    /// <summary>The start of the oldest visit open in the queue of <paramref name="series"/>; only when <see cref="Waiting"/> is above 0.</summary>
    public long OldestStart(int series)
    {
        var visits = _visits[series]!;
        while (visits.Peek() is var (_, call, id) && call.VisitId != id)
        {
            visits.Dequeue(); // a visit that has ended
        }

        return visits.Peek().Start;
    }

    /// <summary>Event time of the queue's last event (METRICS: one that starts or ends a visit, or names it in an answer); <see cref="long.MinValue"/> for none.</summary>
    public long LastEvent(int series) => series < SeriesCount ? _lastEvent[series] : long.MinValue;

    /// <summary>An event of the queue of <paramref name="series"/> at <paramref name="t"/>.</summary>
    public void Mark(int series, long t)
    {
        Ensure(series);
        _lastEvent[series] = t;
    }

    /// <summary>Sets the last event time of <paramref name="series"/> (a restore).</summary>
    public void RestoreLastEvent(int series, long t) => Mark(series, t);

    /// <summary>The visit of <paramref name="call"/> (its <see cref="CallSession.VisitQueueSeries"/>, started at its <see cref="CallSession.VisitStart"/>) opens.</summary>
    public void Open(CallSession call)
    {
        if (!Enabled)
        {
            return;
        }

        var series = call.VisitQueueSeries;
        Ensure(series);

        // Ids wrap after 2^32 visits; a stale entry could only be taken for live if its call got the same id again.
        _nextId = _nextId == int.MaxValue ? 1 : _nextId + 1;
        call.VisitId = _nextId;
        (_visits[series] ??= new Queue<(long, CallSession, int)>()).Enqueue((call.VisitStart, call, call.VisitId));
        _waiting[series]++;
        TotalWaiting++;
    }

    /// <summary>The open visit of <paramref name="call"/> ends (answered, abandoned, replaced, evicted).</summary>
    public void Close(CallSession call)
    {
        if (call.VisitId == 0)
        {
            return; // not tracked
        }

        var series = call.VisitQueueSeries;
        call.VisitId = 0;
        _waiting[series]--;
        TotalWaiting--;
        if (_waiting[series] == 0)
        {
            _visits[series]!.Clear(); // every entry is stale
        }
    }

    /// <summary>Rebuilds the lists from the calls of a restore: every queued call, by visit start.</summary>
    public void Rebuild(IEnumerable<CallSession> calls)
    {
        foreach (var call in calls.Where(c => c.Phase == CallPhase.Queued && c.VisitQueueSeries >= 0).OrderBy(c => c.VisitStart))
        {
            Open(call);
        }
    }

    private void Ensure(int series)
    {
        if (series >= _visits.Length)
        {
            var size = Math.Max(series + 1, _visits.Length * 2);
            var old = _lastEvent.Length;
            Array.Resize(ref _visits, size);
            Array.Resize(ref _waiting, size);
            Array.Resize(ref _lastEvent, size);
            Array.Fill(_lastEvent, long.MinValue, old, size - old);
        }

        SeriesCount = Math.Max(SeriesCount, series + 1);
    }

    private static long[] Never(int size)
    {
        var values = new long[size];
        Array.Fill(values, long.MinValue);
        return values;
    }
}
