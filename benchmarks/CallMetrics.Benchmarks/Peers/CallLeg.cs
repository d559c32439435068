using System.Runtime.InteropServices;

namespace CallMetrics.Benchmarks.Peers;

/// <summary>One agent's part of a call, from answer to wrap end.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="AnsweredMs">When the agent answered (Unix ms).</param>
/// <param name="ConnectionEndMs">When the connection ended and wrap began; <see cref="Connected"/> while connected.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct CallLeg(string Agent, long AnsweredMs, long ConnectionEndMs)
{
    /// <summary>The <see cref="ConnectionEndMs"/> of a leg still connected.</summary>
    public const long Connected = -1;

    /// <summary>True while the agent is connected to the caller (talk or hold).</summary>
    public bool IsConnected => ConnectionEndMs == Connected;
}
