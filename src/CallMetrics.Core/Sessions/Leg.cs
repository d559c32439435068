namespace CallMetrics.Core.Sessions;

/// <summary>One agent's part of one call: talk, hold and wrap, and the queue it was answered from.</summary>
internal sealed class Leg
{
    /// <summary>The agent.</summary>
    public AgentSession Agent = null!;

    /// <summary>The agent's symbol (a copy, so checks need not read the agent).</summary>
    public int AgentSymbol;

    /// <summary>The agent's series (a copy kept equal to <see cref="AgentSession.Series"/>, so accrual need not read the agent).</summary>
    public int Series;

    /// <summary>The call symbol (the call session may end before the leg does).</summary>
    public int Call;

    /// <summary>The call while it is connected to this leg.</summary>
    public CallSession? ConnectedCall;

    /// <summary>Queue series credited with the leg's handled/AHT; -1 for none.</summary>
    public int QueueSeries = -1;

    /// <summary>Current segment.</summary>
    public LegSegment Segment;

    /// <summary>Start of the current segment, or of its part not yet accrued into a window.</summary>
    public long SegmentStart;

    /// <summary>Whole talk time so far (for handle time).</summary>
    public long TalkNs;

    /// <summary>Whole hold time so far.</summary>
    public long HoldNs;

    /// <summary>Whole wrap time so far.</summary>
    public long WrapNs;

    /// <summary>Talk time accrued in the current granule and not yet added to the series' tally.</summary>
    public long PendingTalkNs;

    /// <summary>Hold time accrued in the current granule and not yet added to the series' tally.</summary>
    public long PendingHoldNs;

    /// <summary>Wrap time accrued in the current granule and not yet added to the series' tally.</summary>
    public long PendingWrapNs;

    /// <summary>
    /// When the current segment began (not moved by accrual, unlike <see cref="SegmentStart"/>): what the live view
    /// shows. A wrap ends by itself max_wrap after this.
    /// </summary>
    public long SegmentStarted;

    /// <summary>The call type of the leg's call (0: <c>unspecified</c>), for <c>call_type_metrics</c>.</summary>
    public int CallType;

    /// <summary>The outcome class of the disposition its <c>wrap.ended</c> carried (None until then).</summary>
    public Options.OutcomeClass Outcome;

    /// <summary>True when its <c>wrap.ended</c> carried a disposition.</summary>
    public bool Dispositioned;

    /// <summary>True when the leg ended by a transfer to an escalation queue.</summary>
    public bool EscalatedByQueue;

    /// <summary>Number of the leg in its sessionizer (index of its generation in a compact array).</summary>
    public int Id;

    /// <summary>Incremented each time the object is reused, so stale timers can be told apart.</summary>
    public int Generation;

    /// <summary>True in talk or hold.</summary>
    public bool IsConnected => Segment is LegSegment.Talk or LegSegment.Hold;
}
