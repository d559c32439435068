namespace CallMetrics.Simulation;

/// <summary>What a simulated agent is doing.</summary>
internal enum SimulatedAgentState : byte
{
    LoggedOut,
    Available,
    Connected,
    Wrap,
    NotReady,
}

/// <summary>The mutable state of one agent; also a node of its team's idle list (ordered by idle time).</summary>
internal sealed class SimulatedAgent(int index, string id, int team, long shiftOffsetMs)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    public int Team { get; } = team;

    /// <summary>Nominal shift start as an offset from midnight UTC.</summary>
    public long ShiftOffsetMs { get; } = shiftOffsetMs;

    public SimulatedAgentState State { get; set; }

    /// <summary>Midnight UTC of the day of the current (or next) shift, Unix ms.</summary>
    public long ShiftDayMs { get; set; }

    /// <summary>Actual start of the current (or next) shift, Unix ms.</summary>
    public long ShiftStartMs { get; set; }

    /// <summary>An activity (break, lunch, logout) that came due while busy, started at the end of the wrap; -1 if none.</summary>
    public int PendingActivity { get; set; } = -1;

    public long IdleSinceMs { get; set; }

    public bool IsIdleListed { get; set; }

    public SimulatedAgent? IdlePrevious { get; set; }

    public SimulatedAgent? IdleNext { get; set; }
}
