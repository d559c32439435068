using System.Runtime.InteropServices;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Workload;

/// <summary>One generated event before it is written as JSON: numbers instead of names.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct SyntheticEvent(
    long Ms,
    EventType Type,
    long Call,
    int Agent,
    int Queue,
    int Team,
    AgentChosenState State,
    byte Score,
    bool NamesAgent);
