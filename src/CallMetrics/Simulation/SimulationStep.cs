namespace CallMetrics.Simulation;

/// <summary>What a scheduled step of the simulation does when its time comes.</summary>
internal enum SimulationStepKind : byte
{
    Arrival,
    IvrEnd,
    Requeue,
    Abandon,
    Hold,
    Retrieve,
    ConnectionEnd,
    WrapEnd,
    Survey,
    Login,
    Activity,
    ActivityEnd,
    OutboundAnswer,
}

/// <summary>
/// One pending step of the discrete-event simulation. <see cref="Sequence"/> breaks ties between equal
/// times in scheduling order, which keeps the run deterministic.
/// </summary>
internal readonly record struct SimulationStep(
    long TimeMs,
    long Sequence,
    SimulationStepKind Kind,
    int Agent,
    SimulatedCall? Call,
    int Value);

/// <summary>Orders steps by time, then by the order they were scheduled.</summary>
internal sealed class SimulationStepComparer : IComparer<SimulationStep>
{
    public static readonly SimulationStepComparer Instance = new();

    public int Compare(SimulationStep x, SimulationStep y)
    {
        var byTime = x.TimeMs.CompareTo(y.TimeMs);
        return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
    }
}
