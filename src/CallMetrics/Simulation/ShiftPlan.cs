namespace CallMetrics.Simulation;

/// <summary>
/// The daily shift every simulated agent works: 8.5 h starting between 07:00 and 13:00 UTC (staggered by
/// agent, so staffing ramps up and down), with a 15-minute break, a 30-minute lunch and another break.
/// </summary>
internal static class ShiftPlan
{
    public const long Minute = 60_000;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;

    public static readonly long ShiftLength = (8 * Hour) + (30 * Minute);

    /// <summary>Earliest nominal shift start, as an offset from midnight UTC.</summary>
    public static readonly long FirstStart = 7 * Hour;

    /// <summary>Nominal starts are 30 minutes apart, from 07:00 to 13:00.</summary>
    public const int StartSlots = 13;

    /// <summary>Jitter applied to logins and to every activity: up to this much early or late.</summary>
    public static readonly long Jitter = 10 * Minute;

    /// <summary>Activities after login, by offset from the shift start; the last one is the logout.</summary>
    public static readonly Activity[] Activities =
    [
        new(2 * Hour, 15 * Minute, "break"),
        new(4 * Hour, 30 * Minute, "lunch"),
        new((6 * Hour) + (30 * Minute), 15 * Minute, "break"),
        new((8 * Hour) + (30 * Minute), 0, null),
    ];

    /// <summary>The nominal shift start of the agent with this 0-based index in a center with this many teams.</summary>
    public static long NominalStart(int agentIndex, int teams) => FirstStart + ((agentIndex / teams) % StartSlots * 30 * Minute);

    /// <summary>A break, lunch, or (when <see cref="Reason"/> is null) the logout.</summary>
    internal readonly record struct Activity(long OffsetMs, long DurationMs, string? Reason)
    {
        public bool IsLogout => Reason is null;
    }
}
