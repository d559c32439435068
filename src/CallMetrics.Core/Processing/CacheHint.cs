using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CallMetrics.Core.Processing;

/// <summary>
/// Software prefetch: asks the CPU to start loading the cache lines of an object or an array element that
/// will be read a few events from now, without waiting for them. A plain read of the same memory (what the
/// first prefetches did) also starts the load, but the CPU cannot retire it until the line arrives, so at
/// most a reorder window's worth of work overlaps one DRAM miss; a prefetch instruction retires at once.
/// </summary>
/// <remarks>
/// A hint only: it never changes a result. The address is taken from a managed reference and used at once;
/// if the garbage collector moves the object in between, the hint loads a stale line, which is harmless
/// (a prefetch never faults). Where the CPU has no prefetch instruction exposed to .NET (not x86), it does
/// nothing. This is the only unsafe code in the core.
/// </remarks>
internal static class CacheHint
{
    private const int LineBytes = 64;

    /// <summary>
    /// Prefetches every cache line of the first <paramref name="bytes"/> bytes of <paramref name="o"/>'s fields
    /// (nothing for null). Objects do not start on a line boundary, so 200 bytes can span four lines.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Object(object? o, int bytes)
    {
        if (!Sse.IsSupported || o is null)
        {
            return;
        }

        var first = (nuint)Unsafe.AsPointer(ref Unsafe.As<RawObject>(o).FirstField);
        var last = first + (nuint)bytes - 1;
        for (var line = first & ~(nuint)(LineBytes - 1); line <= last; line += LineBytes)
        {
            Sse.Prefetch0((void*)line);
        }
    }

    /// <summary>Prefetches the cache line of <paramref name="array"/>[<paramref name="index"/>], which must be in range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Element<T>(T[] array, int index)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)(uint)index)));
    }

    /// <summary>The address of <paramref name="o"/>'s fields now (the collector may move it later): for tests of object sizes.</summary>
    internal static unsafe nuint AddressOf(object o) => (nuint)Unsafe.AsPointer(ref Unsafe.As<RawObject>(o).FirstField);

    // Any object viewed as this type: a reference to its first field is a reference into the object's data.
    // Never instantiated: only the field's offset is used.
    private sealed class RawObject
    {
#pragma warning disable CS0649
        public byte FirstField;
#pragma warning restore CS0649
    }
}
