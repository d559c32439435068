namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>The canonical event type of a <see cref="PendingEvent"/>.</summary>
internal enum PendingEventKind
{
    Arrived,
    Queued,
    Answered,
    Ended,
    WrapEnded,
    Login,
    Logout,
}
