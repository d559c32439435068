using System.Runtime.InteropServices;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>A queue's visits in an interval.</summary>
/// <param name="Offered">Visits started.</param>
/// <param name="Answered">Visits answered.</param>
/// <param name="Abandoned">Visits abandoned, short abandons excluded.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct QueueCounts(int Offered, int Answered, int Abandoned);
