using System.Runtime.InteropServices;

namespace CallMetrics.Core.Contacts;

/// <summary>
/// One pending contact as <see cref="ContactSlots"/> holds it: 36 bytes (packed on 4 bytes: no padding after the
/// last int). A free slot has <see cref="Attribution"/> -1
/// and <see cref="Next"/> links the free list.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct PendingContact
{
    /// <summary>The caller's key.</summary>
    public ulong Caller;

    /// <summary>E: the contact's end, in event time.</summary>
    public long End;

    /// <summary>The call's symbol (a later call with the same one is no repeat).</summary>
    public int Call;

    /// <summary>The agent of the contact's last answered leg.</summary>
    public int Agent;

    /// <summary>Its tenant, team and queue, as numbered by <see cref="ContactAttributions"/>; -1 in a free slot.</summary>
    public int Attribution;

    /// <summary>The caller's next pending contact (in end order), or the next free slot; -1 for none.</summary>
    public int Next;

    /// <summary>The position of the contact's entry in <see cref="ContactDeadlines"/>.</summary>
    public uint Ticket;

    /// <summary>False for a free slot.</summary>
    public readonly bool IsHeld => Attribution >= 0;
}
