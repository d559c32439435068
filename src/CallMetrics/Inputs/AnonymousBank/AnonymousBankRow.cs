namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>What a call of the file did, in seconds from midnight of the translation date (after midnight roll-over).</summary>
internal enum AnonymousBankOutcome
{
    /// <summary>Served by an agent.</summary>
    Answered,

    /// <summary>Hung up while queued.</summary>
    Abandoned,

    /// <summary>Hung up in the VRU, never queued.</summary>
    EndedInIvr,
}

/// <summary>One translatable row: its call id, service type and the instants that become events.</summary>
internal sealed record AnonymousBankRow(
    int LineNumber,
    string CallId,
    string Type,
    AnonymousBankOutcome Outcome,
    int Arrived,
    int? Queued,
    int? Answered,
    int Ended,
    string? Agent);
