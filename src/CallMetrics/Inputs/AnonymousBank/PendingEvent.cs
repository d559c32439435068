namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// An event of the day before sorting, in milliseconds from midnight of the translation date. <see cref="Key"/> is the
/// call id (call events) or the agent id (agent events); <see cref="Order"/> is unique, so the sort is stable.
/// </summary>
internal readonly record struct PendingEvent(long TimeMs, int Rank, int Order, PendingEventKind Kind, string Key, string? Agent, string? Text);
