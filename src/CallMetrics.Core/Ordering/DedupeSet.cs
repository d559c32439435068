using System.Numerics;
using System.Runtime.CompilerServices;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// The ids of accepted events, remembered for at least one horizon of watermark progress and at most two
/// (two generations, the older dropped when the watermark passes the next rotation point). Once the
/// watermark is more than <c>lateness</c> past an event, a copy of it would be late anyway, so a
/// horizon of at least the lateness never lets a duplicate be applied twice; it only decides whether a
/// very late copy is reported as a duplicate or as late.
/// </summary>
/// <remarks>
/// <para>
/// One open-addressing table (power-of-two capacity, linear probing) of 8-byte slots, for both
/// generations: a lookup is one probe sequence, usually within one cache line. A slot holds a 62-bit
/// fingerprint of the <see cref="EventId"/> in its upper bits and a 2-bit generation tag in its low bits;
/// 0 is an empty slot. Rotation only advances the generation: entries tagged neither current nor previous
/// are stale. A lookup steps over stale entries (only an empty slot ends a probe chain), an insert reuses
/// the first stale slot on its path, and the table is compacted in place (stale slots emptied, live
/// entries re-placed) when live plus stale slots reach 3/4 of the capacity, and before a tag value would
/// come round again (every second rotation), so a stale entry is never taken for a live one.
/// </para>
/// <para>
/// False positives: the ids are already 128-bit hashes, so two different ids share a fingerprint with
/// probability 2^-62. A new id is taken for a duplicate with probability about n / 2^62 ≈ n x 2.2e-19 per
/// lookup, n being the ids remembered: with 60 million ids (two days of a 50,000-agent center) about
/// 1.3e-11 per event, i.e. one event wrongly dropped as a duplicate in some 2,500 such days. An id whose
/// fingerprint is 0 (the empty value) is stored as fingerprint 1, sharing it with the ids whose
/// fingerprint is 1 (2^-62 of ids).
/// </para>
/// </remarks>
public sealed class DedupeSet
{
    private const int TagBits = 2;
    private const ulong TagMask = (1UL << TagBits) - 1;
    private const int MinCapacity = 16;

    /// <summary>Rotations allowed between compactions: four tag values hold current, previous and two stale generations.</summary>
    private const int RotationsPerCompaction = (1 << TagBits) - 2;

    private readonly long _horizonNs;
    private ulong[] _slots = new ulong[MinCapacity];
    private int _shift = 64 - BitOperations.Log2(MinCapacity);
    private int _growAt = MinCapacity / 4 * 3;
    private int _used; // live and stale slots
    private int _current;
    private int _previous;
    private long _generation;
    private long _compactedAt;
    private long _rotateAt = long.MinValue;

    /// <summary>Creates a set that remembers ids for <paramref name="horizonNs"/> of watermark progress.</summary>
    public DedupeSet(long horizonNs) => _horizonNs = Math.Max(horizonNs, 1);

    /// <summary>Ids remembered.</summary>
    public int Count => _current + _previous;

    /// <summary>Slots in the table (a power of two): memory is 8 bytes a slot.</summary>
    internal int Capacity => _slots.Length;

    /// <summary>Slots holding an id, remembered or stale.</summary>
    internal int Used => _used;

    private ulong CurrentTag => (ulong)_generation & TagMask;

    private ulong PreviousTag => (ulong)(_generation - 1) & TagMask;

    /// <summary>True when the id was accepted before (and is still remembered).</summary>
    public bool Contains(in EventId id)
    {
        var key = Key(id);
        var slots = _slots;
        var mask = slots.Length - 1;
        var current = CurrentTag;
        var previous = PreviousTag;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                return false;
            }

            if ((slot & ~TagMask) == key && ((slot & TagMask) == current || (slot & TagMask) == previous))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Prefetches the first slot <paramref name="id"/> would probe: done for a few upcoming ids before they are
    /// checked, their cache misses overlap instead of queueing.
    /// </summary>
    public void Touch(in EventId id) => Processing.CacheHint.Element(_slots, Home(Key(id)));

    /// <summary>Remembers an accepted id (for the current generation, also when the previous one has it).</summary>
    public void Add(in EventId id) => Insert(Key(id), toCurrent: true);

    /// <summary>The 62-bit fingerprint of an id, tag bits clear, never 0.</summary>
    internal static ulong Key(in EventId id)
    {
        // The halves are already hash output; multiplying one by an odd constant keeps ids that are not
        // (hand-made ones in tests) from cancelling out.
        var key = (id.High ^ (id.Low * 0x9E3779B97F4A7C15UL)) & ~TagMask;
        return key == 0 ? 1UL << TagBits : key;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0xD6E8FEB86659FD93UL) >> _shift);

    /// <summary>Adds a key to the current generation, or to the previous one unless it is remembered already.</summary>
    private void Insert(ulong key, bool toCurrent)
    {
        if (_used >= _growAt)
        {
            Compact();
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        var current = CurrentTag;
        var previous = PreviousTag;
        var reuse = -1;
        var i = Home(key);
        for (; ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                break;
            }

            var tag = slot & TagMask;
            if (tag != current && tag != previous)
            {
                if (reuse < 0)
                {
                    reuse = i;
                }
            }
            else if ((slot & ~TagMask) == key)
            {
                if (toCurrent && tag == previous)
                {
                    slots[i] = key | current;
                    _previous--;
                    _current++;
                }

                return;
            }
        }

        if (reuse >= 0)
        {
            i = reuse;
        }
        else
        {
            _used++;
        }

        slots[i] = key | (toCurrent ? current : previous);
        if (toCurrent)
        {
            _current++;
        }
        else
        {
            _previous++;
        }
    }

    /// <summary>Drops the oldest generation once the watermark has moved a horizon past the last rotation.</summary>
    public void OnWatermark(long watermark)
    {
        if (_rotateAt == long.MinValue)
        {
            _rotateAt = watermark + _horizonNs;
        }
        else if (watermark > _rotateAt)
        {
            Rotate();
            _rotateAt = watermark + _horizonNs;
        }
    }

    /// <summary>The current generation becomes the previous one; the previous one's entries become stale.</summary>
    private void Rotate()
    {
        if (_generation - _compactedAt >= RotationsPerCompaction)
        {
            // The next tag value is the one of the generation RotationsPerCompaction + 2 back: none may remain.
            Compact();
        }

        _generation++;
        _previous = _current;
        _current = 0;
    }

    /// <summary>
    /// Empties the stale slots and re-places the live entries, in a table resized to the live count when
    /// it has outgrown or far undergrown it (amortised: at least a quarter of the capacity is inserted or
    /// two rotations pass between compactions).
    /// </summary>
    private void Compact()
    {
        var live = Count;
        var capacity = CapacityFor(live);

        if (capacity > _slots.Length || capacity * 4 < _slots.Length)
        {
            Resize(capacity);
        }
        else
        {
            CompactInPlace();
        }

        _used = live;
        _compactedAt = _generation;
    }

    /// <summary>The smallest power of two at least twice <paramref name="ids"/>: the load after a compaction is at most 1/2.</summary>
    private static int CapacityFor(int ids)
    {
        const int MaxCapacity = 1 << 30; // 8 GB of slots, 536 million ids
        var capacity = MinCapacity;
        while (capacity < (long)ids * 2)
        {
            capacity = capacity < MaxCapacity
                ? capacity * 2
                : throw new InvalidOperationException($"the dedupe set cannot hold {ids} ids; shorten the dedupe horizon");
        }

        return capacity;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = new ulong[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _growAt = capacity / 4 * 3;
        var mask = capacity - 1;
        foreach (var slot in old)
        {
            if (slot != 0 && IsLive(slot))
            {
                var i = Home(slot & ~TagMask);
                while (_slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                _slots[i] = slot;
            }
        }
    }

    /// <summary>
    /// Starting after an empty slot (no probe chain crosses it), empties each stale slot and moves each live
    /// entry to the first empty slot from its home: the chains of the entries already visited stay whole.
    /// </summary>
    private void CompactInPlace()
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var start = Array.IndexOf(slots, 0UL);
        for (var n = 1; n <= slots.Length; n++)
        {
            var i = (start + n) & mask;
            var slot = slots[i];
            if (slot == 0)
            {
                continue;
            }

            slots[i] = 0;
            if (IsLive(slot))
            {
                var j = Home(slot & ~TagMask);
                while (slots[j] != 0)
                {
                    j = (j + 1) & mask;
                }

                slots[j] = slot;
            }
        }
    }

    private bool IsLive(ulong slot) => (slot & TagMask) == CurrentTag || (slot & TagMask) == PreviousTag;

    /// <summary>
    /// Writes the remembered ids: the rotation point, then the current and the previous generation, each as
    /// a count and one 64-bit fingerprint per id (format <c>callmetrics-engine-3</c>).
    /// </summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Long(_rotateAt);
        foreach (var (tag, count) in new[] { (CurrentTag, _current), (PreviousTag, _previous) })
        {
            writer.Count(count);
            foreach (var slot in _slots)
            {
                if (slot != 0 && (slot & TagMask) == tag)
                {
                    writer.Long((long)(slot & ~TagMask));
                }
            }
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote or, with <paramref name="fullIds"/>, the older form that held
    /// each id whole (two 64-bit halves, format <c>callmetrics-engine-2</c>).
    /// </summary>
    internal void ReadFrom(Snapshots.SnapshotReader reader, bool fullIds = false)
    {
        _rotateAt = reader.Long();
        var current = ReadKeys(reader, fullIds);
        var previous = ReadKeys(reader, fullIds);
        _slots = [];
        _current = _previous = _used = 0;
        _generation = _compactedAt = 0;
        Resize(CapacityFor(current.Length + previous.Length));
        foreach (var key in current)
        {
            Insert(key, toCurrent: true);
        }

        // An id in both generations (the older form allowed it) counts once, as current.
        foreach (var key in previous)
        {
            Insert(key, toCurrent: false);
        }
    }

    private static ulong[] ReadKeys(Snapshots.SnapshotReader reader, bool fullIds)
    {
        var keys = new ulong[reader.Count()];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = fullIds
                ? Key(new EventId((ulong)reader.Long(), (ulong)reader.Long()))
                : (ulong)reader.Long();
            if (keys[i] == 0 || (keys[i] & TagMask) != 0)
            {
                throw new InvalidDataException("dedupe fingerprint in snapshot is not one this set writes");
            }
        }

        return keys;
    }
}
