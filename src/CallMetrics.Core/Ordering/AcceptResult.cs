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
    /// Further ahead of the latest event time accepted (or the clock) than the options' max future skew:
    /// rejected with reason <c>too_far_ahead</c> (dead-lettered by the caller), so it cannot move event time.
    /// </summary>
    TooFarAhead,
}
