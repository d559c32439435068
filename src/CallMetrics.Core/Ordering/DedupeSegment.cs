using System.Runtime.CompilerServices;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// One of <see cref="DedupeSet"/>'s tables: open addressing with linear probing over 8-byte fingerprints (0: empty),
/// each entry's time in a parallel array, so a probe reads only fingerprints (8 to a cache line) and the time is read
/// on a hit. Entries older than the forgetting point are dropped when the segment fills (<see cref="Compact"/>).
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

    private ulong[] _keys;
    private long[] _times;
    private int _used;
    private int _compactAt;

    // No entry's time is older (a bound: an entry's time only ever rises): when this is not before the forgetting
    // point, a compaction would drop nothing.
    private long _oldest;

    /// <summary>Creates an empty segment of <paramref name="capacity"/> slots.</summary>
    public DedupeSegment(int capacity)
    {
        _keys = new ulong[capacity];
        _times = new long[capacity];
        _compactAt = CompactAtFor(capacity);
        _oldest = long.MaxValue;
    }

    /// <summary>Slots.</summary>
    public readonly int Capacity => _keys.Length;

    /// <summary>Slots holding an entry, remembered or forgotten.</summary>
    public readonly int Used => _used;

    /// <summary>The fingerprints, by slot, 0 where empty (for a prefetch of the slot a probe starts at, and a snapshot).</summary>
    public readonly ulong[] Keys => _keys;

    /// <summary>The time of each entry, by slot (for a snapshot).</summary>
    public readonly long[] Times => _times;

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

    /// <summary>The time <paramref name="key"/> is held with; <see cref="long.MinValue"/> when it is not held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long TimeOf(ulong key, ulong hash)
    {
        var keys = _keys;
        for (var i = Home(hash, keys.Length); ; i = Next(i, keys.Length))
        {
            var held = keys[i];
            if (held == key)
            {
                return _times[i];
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

        var keys = _keys;
        var i = Home(hash, keys.Length);
        for (ulong held; (held = keys[i]) != 0; i = Next(i, keys.Length))
        {
            if (held == key)
            {
                _times[i] = Math.Max(_times[i], timestamp);
                return;
            }
        }

        keys[i] = key;
        _times[i] = timestamp;
        _used++;
        _oldest = Math.Min(_oldest, timestamp);
    }

    /// <summary>Makes room: grows when nothing can be dropped, else drops the forgotten entries and re-sizes if far off.</summary>
    private void Compact(long forgetBefore)
    {
        var capacity = _keys.Length;
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
        var keys = _keys;
        var times = _times;
        var capacity = keys.Length;
        var oldest = long.MaxValue;
        var live = 0;
        var i = Array.IndexOf(keys, 0UL); // there is one: a segment compacts before it is 3/4 full
        for (var n = 0; n < capacity; n++)
        {
            i = Next(i, capacity);
            var key = keys[i];
            if (key == 0)
            {
                continue;
            }

            keys[i] = 0;
            var time = times[i];
            if (time >= forgetBefore)
            {
                var j = Home(DedupeSet.Hash(key), capacity);
                while (keys[j] != 0)
                {
                    j = Next(j, capacity);
                }

                keys[j] = key;
                times[j] = time;
                oldest = Math.Min(oldest, time);
                live++;
            }
        }

        _used = live;
        _oldest = oldest;
        return live;
    }

    /// <summary>Moves every entry not older than <paramref name="forgetBefore"/> into new arrays of <paramref name="capacity"/> slots.</summary>
    private void Resize(int capacity, long forgetBefore)
    {
        var oldKeys = _keys;
        var oldTimes = _times;
        var keys = new ulong[capacity];
        var times = new long[capacity];
        var oldest = long.MaxValue;
        var live = 0;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            var key = oldKeys[i];
            var time = oldTimes[i];
            if (key != 0 && time >= forgetBefore)
            {
                var j = Home(DedupeSet.Hash(key), capacity);
                while (keys[j] != 0)
                {
                    j = Next(j, capacity);
                }

                keys[j] = key;
                times[j] = time;
                oldest = Math.Min(oldest, time);
                live++;
            }
        }

        _keys = keys;
        _times = times;
        _used = live;
        _oldest = oldest;
        _compactAt = CompactAtFor(capacity);
    }

    private static int CompactAtFor(int capacity) => capacity / 4 * 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(int i, int capacity) => ++i == capacity ? 0 : i;
}
