namespace CallMetrics.Simulation;

/// <summary>
/// How an agent leg ended, as the agent codes it on <c>wrap.ended</c> (<see cref="SimulatedOutcomes.Disposition"/>).
/// The first four are METRICS.md's outcome classes; the others are free codes that map to none.
/// </summary>
internal enum SimulatedOutcome : byte
{
    Resolved,
    Escalated,
    Sale,
    Complaint,
    FollowUp,
    Information,
    Transferred,
}
