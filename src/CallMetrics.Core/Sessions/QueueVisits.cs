namespace CallMetrics.Core.Sessions;

/// <summary>
/// The visits open in each queue, for the <c>queue_state</c> series (METRICS.md "Live state and alerts"): per queue
/// series a list of its waiting calls in the order their visits started, so the count and the oldest start are read
/// without a scan, and the event time of the queue's last event.
/// </summary>
/// <remarks>
/// The list is intrusive (<see cref="CallSession.VisitPrev"/>, <see cref="CallSession.VisitNext"/>): a visit joins at
/// the tail when it starts (events come in time order, so the list stays sorted by start) and leaves in O(1) whatever
/// its position, with no allocation. Not checkpointed but rebuilt from the calls; only the last event times are.
/// </remarks>
internal sealed class QueueVisits
{
    private CallSession?[] _head = new CallSession?[16];
    private CallSession?[] _tail = new CallSession?[16];
    private int[] _waiting = new int[16];
    private long[] _lastEvent = Fill(new long[16], 0);

    /// <summary>Queue series known here (all below this number).</summary>
    public int SeriesCount { get; private set; }

    /// <summary>Visits open in every queue together.</summary>
    public int TotalWaiting { get; private set; }

    /// <summary>Visits open in the queue of <paramref name="series"/>.</summary>
    public int Waiting(int series) => series < SeriesCount ? _waiting[series] : 0;

    /// <summary>The start of the oldest visit open in the queue of <paramref name="series"/>; meaningful when <see cref="Waiting"/> is above 0.</summary>
    public long OldestStart(int series) => _head[series]!.VisitStart;

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

    /// <summary>The visit of <paramref name="call"/> (its <see cref="CallSession.VisitQueueSeries"/>, started at its <see cref="CallSession.VisitStart"/>) opens: joins its queue's tail.</summary>
    public void Open(CallSession call)
    {
        var series = call.VisitQueueSeries;
        Ensure(series);
        call.VisitNext = null;
        call.VisitPrev = _tail[series];
        if (_tail[series] is { } tail)
        {
            tail.VisitNext = call;
        }
        else
        {
            _head[series] = call;
        }

        _tail[series] = call;
        _waiting[series]++;
        TotalWaiting++;
    }

    /// <summary>The open visit of <paramref name="call"/> ends (answered, abandoned, replaced, evicted).</summary>
    public void Close(CallSession call)
    {
        var series = call.VisitQueueSeries;
        if (call.VisitPrev is { } prev)
        {
            prev.VisitNext = call.VisitNext;
        }
        else
        {
            _head[series] = call.VisitNext;
        }

        if (call.VisitNext is { } next)
        {
            next.VisitPrev = call.VisitPrev;
        }
        else
        {
            _tail[series] = call.VisitPrev;
        }

        call.VisitPrev = call.VisitNext = null;
        _waiting[series]--;
        TotalWaiting--;
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
        if (series >= _head.Length)
        {
            var size = Math.Max(series + 1, _head.Length * 2);
            var old = _lastEvent.Length;
            Array.Resize(ref _head, size);
            Array.Resize(ref _tail, size);
            Array.Resize(ref _waiting, size);
            Array.Resize(ref _lastEvent, size);
            Array.Fill(_lastEvent, long.MinValue, old, size - old);
        }

        SeriesCount = Math.Max(SeriesCount, series + 1);
    }

    private static long[] Fill(long[] values, int from)
    {
        Array.Fill(values, long.MinValue, from, values.Length - from);
        return values;
    }
}
