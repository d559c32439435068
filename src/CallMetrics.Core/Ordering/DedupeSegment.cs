using System.Runtime.CompilerServices;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// One of <see cref="DedupeSet"/>'s tables: open addressing with linear probing over 8-byte fingerprints (0: empty) and
/// each one's time, in groups of 64 bytes (4 fingerprints, then their 4 times), so a probe reads fingerprints only and
/// the time an insert writes is in the line the engine prefetched or the next (.NET does not align arrays to cache
/// lines), not in a second, distant array. Entries older than the
/// forgetting point are dropped when the segment fills (<see cref="Compact"/>).
/// </summary>
/// <remarks>
/// Sizes (METRICS.md duplicates keep exact times; the memory bound is docs/DECISIONS.md "Memory follows the event
/// rate"): a segment compacts when its entries, live and forgotten, reach 3/4 of its slots. When nothing in it can be
/// forgotten yet (its oldest time is not before the forgetting point: the first horizon, or a watermark standing
/// still) it grows at once, without a pass to drop nothing: 4x while under <see cref="QuadrupleBelow"/> slots (a fresh
/// set fills with few re-placements; at most 32 MB of the 256 segments are sized that way) and to twice its entries
/// past that. Otherwise it drops the forgotten entries in place, then re-sizes to twice its live entries only when they
/// fill more than 9/16 of the slots (so the next compaction is at least 3/16 of the slots away) or less than 1/4;
/// between the two it keeps its arrays, so a steady rate allocates nothing.
/// </remarks>
internal struct DedupeSegment
{
    /// <summary>Slots of a new segment.</summary>
    public const int MinCapacity = 8;

    // 4 GB in one segment, a trillion ids in all.
    private const int MaxCapacity = 1 << 28;

    // 4x growth while filling ends here: 128 KB a segment, 32 MB for the 256 (a million ids or more).
    private const int QuadrupleBelow = 1 << 13;

    // Slots in a cache line: their fingerprints, then their times.
    private const int LineSlots = 4;

    private ulong[] _cells;
    private int _used;
    private int _compactAt;

    // No entry's time is older (a bound: an entry's time only ever rises): when this is not before the forgetting
    // point, a compaction would drop nothing.
    private long _oldest;

    /// <summary>Creates an empty segment of <paramref name="capacity"/> slots (a multiple of 4).</summary>
    public DedupeSegment(int capacity)
    {
        _cells = new ulong[capacity * 2];
        _compactAt = CompactAtFor(capacity);
        _oldest = long.MaxValue;
    }

    /// <summary>Slots.</summary>
    public readonly int Capacity => _cells.Length / 2;

    /// <summary>Slots holding an entry, remembered or forgotten.</summary>
    public readonly int Used => _used;

    /// <summary>
    /// Slots to hold <paramref name="entries"/> with room for as many again: twice as many, a multiple of 8 (at least
    /// <see cref="MinCapacity"/>).
    /// </summary>
    public static int CapacityFor(long entries)
    {
        var capacity = Math.Max(MinCapacity, ((entries * 2) + 7) & ~7L);
        return capacity <= MaxCapacity
            ? (int)capacity
            : throw new InvalidOperationException($"a dedupe segment cannot hold {entries} ids; shorten the dedupe horizon");
    }

    /// <summary>The slot the probe of a key with <paramref name="hash"/> starts at, in a table of <paramref name="capacity"/> slots.</summary>
    /// <remarks>The 32 bits below the segment's (<see cref="DedupeSet"/> takes the top 8), scaled to the capacity: no power of two needed.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Home(ulong hash, int capacity) => (int)((((hash << 8) >> 32) * (ulong)capacity) >> 32);

    /// <summary>Prefetches the cache line of the slot the probe of a key with <paramref name="hash"/> starts at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Touch(ulong hash) => Processing.CacheHint.Element(_cells, KeyCell(Home(hash, _cells.Length / 2)));

    /// <summary>The time <paramref name="key"/> is held with; <see cref="long.MinValue"/> when it is not held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long TimeOf(ulong key, ulong hash)
    {
        var cells = _cells;
        var capacity = cells.Length / 2;
        for (var i = Home(hash, capacity); ; i = Next(i, capacity))
        {
            var held = cells[KeyCell(i)];
            if (held == key)
            {
                return (long)cells[KeyCell(i) + LineSlots];
            }

            if (held == 0)
            {
                return long.MinValue;
            }
        }
    }

    /// <summary>Holds <paramref name="key"/> with <paramref name="timestamp"/>, or with the larger time when it is held already.</summary>
    public void Insert(ulong key, ulong hash, long timestamp, long forgetBefore)
    {
        if (_used >= _compactAt)
        {
            Compact(forgetBefore);
        }

        var cells = _cells;
        var capacity = cells.Length / 2;
        var i = Home(hash, capacity);
        for (ulong held; (held = cells[KeyCell(i)]) != 0; i = Next(i, capacity))
        {
            if (held == key)
            {
                ref var time = ref cells[KeyCell(i) + LineSlots];
                time = (ulong)Math.Max((long)time, timestamp);
                return;
            }
        }

        cells[KeyCell(i)] = key;
        cells[KeyCell(i) + LineSlots] = (ulong)timestamp;
        _used++;
        _oldest = Math.Min(_oldest, timestamp);
    }

    /// <summary>The entries not older than <paramref name="forgetBefore"/>.</summary>
    public readonly int CountLive(long forgetBefore)
    {
        var cells = _cells;
        var live = 0;
        for (var c = 0; c < cells.Length; c += 2 * LineSlots)
        {
            for (var k = c; k < c + LineSlots; k++)
            {
                live += cells[k] != 0 && (long)cells[k + LineSlots] >= forgetBefore ? 1 : 0;
            }
        }

        return live;
    }

    /// <summary>Writes the fingerprint and time of each entry not older than <paramref name="forgetBefore"/>, in slot order.</summary>
    public readonly void WriteLive(Snapshots.SnapshotWriter writer, long forgetBefore)
    {
        var cells = _cells;
        for (var c = 0; c < cells.Length; c += 2 * LineSlots)
        {
            for (var k = c; k < c + LineSlots; k++)
            {
                if (cells[k] != 0 && (long)cells[k + LineSlots] >= forgetBefore)
                {
                    writer.Long((long)cells[k]);
                    writer.Long((long)cells[k + LineSlots]);
                }
            }
        }
    }

    /// <summary>Makes room: grows when nothing can be dropped, else drops the forgotten entries and re-sizes if far off.</summary>
    private void Compact(long forgetBefore)
    {
        var capacity = Capacity;
        if (_oldest >= forgetBefore)
        {
            Resize(capacity < QuadrupleBelow ? capacity * 4 : CapacityFor(_used), forgetBefore);
            return;
        }

        var live = CompactInPlace(forgetBefore);
        if (live * 16 > capacity * 9 || (live * 4 < capacity && capacity > MinCapacity))
        {
            Resize(CapacityFor(live), forgetBefore);
        }
    }

    /// <summary>
    /// Starting after an empty slot (no probe chain crosses it), empties each entry older than
    /// <paramref name="forgetBefore"/> and moves each other one to the first empty slot from its home: the chains of the
    /// entries already visited stay whole. Returns the entries kept.
    /// </summary>
    private int CompactInPlace(long forgetBefore)
    {
        var cells = _cells;
        var capacity = cells.Length / 2;
        var oldest = long.MaxValue;
        var live = 0;
        var i = 0;
        while (cells[KeyCell(i)] != 0)
        {
            i++; // there is an empty slot: a segment compacts before it is 3/4 full
        }

        for (var n = 0; n < capacity; n++)
        {
            i = Next(i, capacity);
            var key = cells[KeyCell(i)];
            if (key == 0)
            {
                continue;
            }

            cells[KeyCell(i)] = 0;
            var time = (long)cells[KeyCell(i) + LineSlots];
            if (time >= forgetBefore)
            {
                Place(cells, capacity, key, time);
                oldest = Math.Min(oldest, time);
                live++;
            }
        }

        _used = live;
        _oldest = oldest;
        return live;
    }

    /// <summary>Moves every entry not older than <paramref name="forgetBefore"/> into a new table of <paramref name="capacity"/> slots.</summary>
    private void Resize(int capacity, long forgetBefore)
    {
        var old = _cells;
        var cells = new ulong[capacity * 2];
        var oldest = long.MaxValue;
        var live = 0;
        for (var c = 0; c < old.Length; c += 2 * LineSlots)
        {
            for (var k = c; k < c + LineSlots; k++)
            {
                var key = old[k];
                var time = (long)old[k + LineSlots];
                if (key != 0 && time >= forgetBefore)
                {
                    Place(cells, capacity, key, time);
                    oldest = Math.Min(oldest, time);
                    live++;
                }
            }
        }

        _cells = cells;
        _used = live;
        _oldest = oldest;
        _compactAt = CompactAtFor(capacity);
    }

    /// <summary>Puts an entry in the first empty slot from its home.</summary>
    private static void Place(ulong[] cells, int capacity, ulong key, long time)
    {
        var j = Home(DedupeSet.Hash(key), capacity);
        while (cells[KeyCell(j)] != 0)
        {
            j = Next(j, capacity);
        }

        cells[KeyCell(j)] = key;
        cells[KeyCell(j) + LineSlots] = (ulong)time;
    }

    // Slot i's fingerprint: each line holds the fingerprints of 4 slots, then their times.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KeyCell(int i) => i + (i & ~(LineSlots - 1));

    private static int CompactAtFor(int capacity) => capacity / 4 * 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(int i, int capacity) => ++i == capacity ? 0 : i;
}
