namespace CallMetrics.Simulation;

/// <summary>
/// The simulation's clock and agenda: steps in time order (ties in scheduling order), the current instant, and the
/// end of the run. A step due at or after the end is never scheduled, so it never holds memory.
/// </summary>
internal sealed class StepScheduler(long startMs, long endMs)
{
    private readonly PriorityQueue<SimulationStep, SimulationStep> _pending = new(SimulationStepComparer.Instance);
    private long _sequence;

    public long StartMs { get; } = startMs;

    public long EndMs { get; } = endMs;

    /// <summary>The time of the step being run (Unix ms).</summary>
    public long NowMs { get; private set; } = startMs;

    /// <summary>Steps scheduled and not yet run.</summary>
    public int Count => _pending.Count;

    public void Schedule(long timeMs, SimulationStepKind kind, int agent, SimulatedCall? call, int value)
    {
        if (timeMs >= EndMs)
        {
            return; // past the end: never run, so never held
        }

        var step = new SimulationStep(timeMs, _sequence++, kind, agent, call, value);
        _pending.Enqueue(step, step);
    }

    /// <summary>Takes the next step before the end and moves the clock to it; false when the run is over.</summary>
    public bool TryNext(out SimulationStep step)
    {
        if (!_pending.TryDequeue(out step, out _) || step.TimeMs >= EndMs)
        {
            return false;
        }

        System.Diagnostics.Debug.Assert(step.TimeMs >= NowMs, "time never goes back");
        NowMs = step.TimeMs;
        return true;
    }
}
