using CallMetrics.Core.Ordering;
using CallMetrics.Core.Sessions;

namespace CallMetrics.Core.Processing;

/// <summary>
/// Holds accepted events until the watermark passes them, then applies them to the sessionizer in
/// (time, source rank, order in the source) order, prefetching the state of the events a few places behind the one applied.
/// </summary>
internal sealed class ReleaseLoop
{
    // Three steps of prefetch: session slots 24 events ahead, the sessions 16 ahead, what hangs off them 8 ahead.
    private const int SlotPrefetchDistance = 24;
    private const int SessionPrefetchDistance = 16;
    private const int LegPrefetchDistance = 8;

    private readonly Sessionizer _sessionizer;
    private readonly SessionStore _store;

    /// <summary>Creates the loop that feeds <paramref name="sessionizer"/>.</summary>
    public ReleaseLoop(Sessionizer sessionizer)
    {
        _sessionizer = sessionizer;
        _store = sessionizer.Store;
    }

    /// <summary>The events waiting for the watermark.</summary>
    public ReorderBuffer Buffer { get; } = new();

    /// <summary>
    /// The watermark moved to <paramref name="watermark"/>: every event still to come has a time at or after it,
    /// so everything before it (and, with one source, at it) is applied, and the windows ending by then are final.
    /// </summary>
    public void ReleaseUpTo(long watermark, bool oneSource)
    {
        // With several sources, strictly before: an event exactly at the watermark is not late and may still come from
        // a source that ranks before those already here (METRICS "Partitioned input": the order must not depend on the
        // reading). With one, it would come after those already here, so they can go now, as they always did.
        Release(oneSource ? watermark : watermark - 1);
        _sessionizer.AdvanceTo(watermark);
    }

    /// <summary>End of input: applies every event held.</summary>
    public void ReleaseAll() => Release(long.MaxValue);

    private void Release(long limit)
    {
        var buffer = Buffer;
        while (buffer.TryTake(limit, out var e))
        {
            // Events are released about one per event accepted: prefetching the session slots of the one 24 places
            // behind, the sessions of the one 16 behind (its slots arrived meanwhile) and the legs of the one 8 behind
            // (its sessions arrived meanwhile) puts their misses in flight while the events between are applied.
            if (buffer.HasAhead(SlotPrefetchDistance))
            {
                _store.TouchSlots(in buffer.PeekAhead(SlotPrefetchDistance));
            }

            if (buffer.HasAhead(SessionPrefetchDistance))
            {
                _store.Touch(in buffer.PeekAhead(SessionPrefetchDistance));
            }

            if (buffer.HasAhead(LegPrefetchDistance))
            {
                _store.TouchLegs(in buffer.PeekAhead(LegPrefetchDistance));
            }

            _sessionizer.Apply(e);
        }
    }
}
