namespace CallMetrics.Simulation;

/// <summary>The disposition text of each <see cref="SimulatedOutcome"/>, and which ones leave the caller's issue resolved.</summary>
internal static class SimulatedOutcomes
{
    private static readonly string[] Dispositions = ["resolved", "escalated", "sale", "complaint", "follow-up", "information", "transferred"];

    /// <summary>The wrap-up code written as <c>disposition</c>.</summary>
    public static string Disposition(SimulatedOutcome outcome) => Dispositions[(int)outcome];

    /// <summary>
    /// Whether a call whose last leg ended so leaves the caller with nothing to call back about: resolved, a sale, or
    /// information given. Callers of other calls call again more often (<see cref="SimulationOptions.RepeatProbabilityUnresolved"/>).
    /// </summary>
    public static bool LeavesCallerSatisfied(SimulatedOutcome outcome) =>
        outcome is SimulatedOutcome.Resolved or SimulatedOutcome.Sale or SimulatedOutcome.Information;
}
