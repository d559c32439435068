namespace CallMetrics.Inputs;

/// <summary>When after-contact work derived from the Amazon Connect agent event stream ends.</summary>
public enum AmazonConnectAcwEnd
{
    /// <summary>
    /// Default, as Amazon Connect's own guide "Determine the contact center agent's ACW time" does it:
    /// ACW starts at the <c>StateStartTimestamp</c> of the contact's <c>ENDED</c> state and ends when the contact
    /// leaves the agent's snapshot (the agent clears it). A status change seen during ACW is passed on when the
    /// last contact in ACW is cleared, because a canonical <c>agent.state</c> would end the wrap early.
    /// </summary>
    ContactCleared = 0,

    /// <summary>ACW ends at whichever comes first: the contact is cleared, or the agent's status changes.</summary>
    ContactClearedOrStatusChange = 1,
}
