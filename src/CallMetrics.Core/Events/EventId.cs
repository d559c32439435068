using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace CallMetrics.Core.Events;

/// <summary>
/// A 128-bit hash of an event's tenant and <c>event_id</c>: the duplicate-detection key. Hashing keeps
/// the dedupe set free of per-event strings; at 128 bits a collision among even 10^12 ids is
/// far less likely than a hardware fault. Stable across processes (no random seed).
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct EventId(ulong High, ulong Low)
{
    /// <summary>Hashes the UTF-8 bytes of a tenant and an event id.</summary>
    public static EventId Compute(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> eventId)
    {
        var tenantSeed = unchecked((long)XxHash3.HashToUInt64(tenant));
        var value = XxHash128.HashToUInt128(eventId, tenantSeed);
        return new EventId((ulong)(value >> 64), (ulong)value);
    }
}
