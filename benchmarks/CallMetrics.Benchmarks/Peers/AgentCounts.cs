using System.Runtime.InteropServices;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>An agent's handled legs in an interval and their handle time summed (exact ms: the events carry ms times).</summary>
/// <param name="Handled">Legs whose wrap ended in the interval.</param>
/// <param name="HandleMs">Talk + hold + wrap of those legs; <c>aht_s</c> = HandleMs / 1000 / Handled.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct AgentCounts(int Handled, long HandleMs);
