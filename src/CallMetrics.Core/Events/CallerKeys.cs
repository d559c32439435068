using System.IO.Hashing;

namespace CallMetrics.Core.Events;

/// <summary>
/// The key of a caller, (tenant, <c>caller</c>), as <see cref="CanonicalEvent.CallerKey"/> carries it: a 64-bit hash.
/// Two callers share a key with probability 2^-64 per pair: with a million callers calling within one FCR window,
/// a contact is wrongly counted as repeated about once in 10^13 contacts. Stable across processes (no random seed),
/// so a key written in a snapshot means the same caller after a restart.
/// </summary>
public static class CallerKeys
{
    /// <summary>The key of <paramref name="caller"/> of <paramref name="tenant"/> (UTF-8); 0 when there is no caller.</summary>
    public static ulong Compute(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> caller)
    {
        if (caller.IsEmpty)
        {
            return 0;
        }

        // The tenant seeds the caller's hash (as for event ids), so the same number at two tenants is two callers.
        var tenantSeed = unchecked((long)XxHash3.HashToUInt64(tenant));
        var key = XxHash3.HashToUInt64(caller, tenantSeed);
        return key == 0 ? 1 : key;
    }
}
