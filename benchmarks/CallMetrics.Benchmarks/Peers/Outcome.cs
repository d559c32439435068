using System.Runtime.InteropServices;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>One count a call event completed: for queue outcomes <paramref name="Key"/> is the queue, for handled legs the agent.</summary>
/// <param name="Kind">What was completed.</param>
/// <param name="Key">The queue or agent it counts for.</param>
/// <param name="AtMs">The instant it counts at (Unix ms): its window is the interval containing it.</param>
/// <param name="HandleMs">For <see cref="OutcomeKind.Handled"/>: talk + hold + wrap, in ms; else 0.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct Outcome(OutcomeKind Kind, string Key, long AtMs, long HandleMs);
