namespace CallMetrics.Benchmarks.Peers;

/// <summary>What a call event completed, for the peers' subset (METRICS.md attribution: each counts at its own instant).</summary>
public enum OutcomeKind : byte
{
    /// <summary>A queue visit started (<c>offered</c>, at <c>call.queued</c>).</summary>
    Offered,

    /// <summary>A queue visit was answered (<c>answered</c>, at <c>call.answered</c>).</summary>
    Answered,

    /// <summary>A queue visit was abandoned, not short (<c>abandoned</c>, at <c>call.ended</c>).</summary>
    Abandoned,

    /// <summary>An agent's leg was handled (<c>handled</c> and its handle time, at the wrap end).</summary>
    Handled,
}
