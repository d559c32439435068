namespace CallMetrics.Core.Ordering;

/// <summary>What happened to an event offered to the engine.</summary>
public enum AcceptResult : byte
{
    /// <summary>Accepted: it will be applied in event-time order.</summary>
    Accepted,

    /// <summary>Its id was accepted before: ignored (and counted).</summary>
    Duplicate,

    /// <summary>Older than the watermark: rejected with reason <c>late</c> (dead-lettered by the caller).</summary>
    Late,

    /// <summary>
    /// Without a clock (replay, when asked for): further ahead of the latest event time accepted than the options' max
    /// future skew: rejected with reason <c>too_far_ahead</c> (dead-lettered by the caller), so it cannot move event time.
    /// </summary>
    TooFarAhead,

    /// <summary>
    /// More than the max future skew ahead of the wall clock (the service): rejected with reason <c>future</c>
    /// (dead-lettered by the caller) before it can move any watermark.
    /// </summary>
    Future,

    /// <summary>
    /// More than the max event age behind the wall clock (the service): rejected with reason <c>too_old</c>
    /// (dead-lettered by the caller) before it can move any watermark.
    /// </summary>
    TooOld,
}
