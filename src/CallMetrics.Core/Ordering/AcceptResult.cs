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
}
