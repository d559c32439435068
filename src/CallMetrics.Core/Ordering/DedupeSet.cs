using System.Runtime.CompilerServices;
using CallMetrics.Core.Events;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Ordering;

/// <summary>
/// The ids of accepted events, remembered in event time (METRICS.md "Precise rules"): an id is a duplicate when an
/// event with that id was accepted with a <c>ts</c> not older than the watermark minus the horizon; an id accepted
/// with an older <c>ts</c> is forgotten. Memory follows the event rate times the horizon, not the time run.
/// </summary>
/// <remarks>
/// <para>
/// Each id is held with the largest <c>ts</c> it was accepted with, so the rule is applied exactly, at any watermark
/// (each Kafka partition has its own). An entry is dropped once the smallest watermark any source can still have
/// (<see cref="OnWatermark"/>) is more than the horizon past its time.
/// </para>
/// <para>
/// The table is split by the top 8 bits of the id's hash into 256 segments (<see cref="DedupeSegment"/>), each an
/// open-addressing table (linear probing) of 8-byte fingerprints with each one's time 32 bytes after it (groups of 4
/// fingerprints, then their 4 times: 16 bytes a slot in all), sized on its own: growing, shrinking and dropping what is forgotten touch one segment, 1/256 of the
/// ids, at a time, so no pause copies the whole set. A segment is compacted (forgotten entries dropped, the live ones
/// re-placed) when its entries, live and forgotten, reach 3/4 of its slots, and re-sized to twice its live entries
/// when they fill more than 9/16 or less than 1/4 of it; a segment with nothing to forget grows instead (4x while
/// small, at most 32 MB in all; to twice its entries past that). So a steady rate has about 2 slots per live id, 1.8
/// to 4 at most: ~32 bytes per remembered id, measured by <see cref="Bytes"/> (a million ids, ~33.6 MB).
/// </para>
/// <para>
/// False positives: the ids are already 128-bit hashes, and a new id is taken for one remembered only when their
/// 62-bit fingerprints are equal: probability about n / 2^62 ≈ n x 2.2e-19 per lookup, n being the ids held. At
/// 50,000 agents (about 1.3 million events an hour, so ~3 million ids held with the 1 h horizon) that is 6.5e-13 per
/// event: one event wrongly dropped as a duplicate in some 130,000 years of such a center's events.
/// An id whose fingerprint is 0 (the empty value) is stored as fingerprint 4, sharing it with the ids whose
/// fingerprint is 4 (2^-62 of ids).
/// </para>
/// </remarks>
public sealed class DedupeSet
{
    /// <summary>Bytes in a slot: the fingerprint and the time.</summary>
    public const int SlotBytes = 16;

    private const int SegmentBits = 8;

    /// <summary>Ids a restore sizes the table for at most (~320 MB).</summary>
    private const int PresizeLimit = 1 << 23;

    // The low two bits of a fingerprint are zero (snapshots of format 3 and 4 hold 62-bit fingerprints).
    private const ulong FingerprintMask = ~3UL;

    private readonly long _horizonNs;
    private readonly DedupeSegment[] _segments = new DedupeSegment[1 << SegmentBits];
    private long _forgetBefore = long.MinValue;

    /// <summary>Creates a set that remembers ids for <paramref name="horizonNs"/> of event time behind the watermark.</summary>
    public DedupeSet(long horizonNs)
    {
        _horizonNs = Math.Max(horizonNs, 0);
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new DedupeSegment(DedupeSegment.MinCapacity);
        }
    }

    /// <summary>The horizon, nanoseconds.</summary>
    public long HorizonNs => _horizonNs;

    /// <summary>Entries held: the ids remembered and those forgotten but not yet dropped (at most half as many again).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var segment in _segments)
            {
                count += segment.Used;
            }

            return count;
        }
    }

    /// <summary>Bytes of the tables (slots of every segment).</summary>
    public long Bytes
    {
        get
        {
            long slots = 0;
            foreach (var segment in _segments)
            {
                slots += segment.Capacity;
            }

            return slots * SlotBytes;
        }
    }

    /// <summary>Entries with a time before this may be dropped: the smallest watermark less the horizon.</summary>
    internal long ForgetBefore => _forgetBefore;

    /// <summary>
    /// True when an event with <paramref name="id"/> was accepted with a time not older than
    /// <paramref name="watermark"/> minus the horizon (the watermark of the source the event comes from).
    /// </summary>
    public bool IsDuplicate(in EventId id, long watermark)
    {
        var acceptedAt = AcceptedAt(id);
        return acceptedAt != long.MinValue && acceptedAt >= TimeMath.SaturatingSubtract(watermark, _horizonNs);
    }

    /// <summary>The largest time an event with <paramref name="id"/> was accepted with, if it is still held; <see cref="long.MinValue"/> if not.</summary>
    public long AcceptedAt(in EventId id)
    {
        var key = Key(id);
        var hash = Hash(key);
        return _segments[SegmentOf(hash)].TimeOf(key, hash);
    }

    /// <summary>
    /// Prefetches the cache line of the fingerprint <paramref name="id"/>'s probe starts at (its time is in that line or
    /// the next; prefetching both measured no faster): done for
    /// a few upcoming ids before they are checked, their cache misses overlap instead of queueing.
    /// </summary>
    public void Touch(in EventId id)
    {
        var hash = Hash(Key(id));
        _segments[SegmentOf(hash)].Touch(hash);
    }

    /// <summary>Remembers an accepted id with its time (the larger time, when it is held already).</summary>
    public void Add(in EventId id, long timestamp) => Insert(Key(id), timestamp);

    /// <summary>
    /// The smallest watermark any source can still have moved to <paramref name="watermark"/>: ids accepted more than
    /// the horizon before it can no longer be duplicates of anything, and are dropped as their segments fill.
    /// </summary>
    public void OnWatermark(long watermark) =>
        _forgetBefore = Math.Max(_forgetBefore, TimeMath.SaturatingSubtract(watermark, _horizonNs));

    /// <summary>The 62-bit fingerprint of an id, low two bits clear, never 0.</summary>
    internal static ulong Key(in EventId id)
    {
        // The halves are already hash output; multiplying one by an odd constant keeps ids that are not
        // (hand-made ones in tests) from cancelling out.
        var key = (id.High ^ (id.Low * 0x9E3779B97F4A7C15UL)) & FingerprintMask;
        return key == 0 ? 4UL : key;
    }

    /// <summary>The segment <paramref name="id"/> belongs to and the slot its probe starts at (for tests of the table).</summary>
    internal (int Segment, int Home) Place(in EventId id)
    {
        var hash = Hash(Key(id));
        var segment = SegmentOf(hash);
        return (segment, DedupeSegment.Home(hash, _segments[segment].Capacity));
    }

    /// <summary>Slots of a segment (for tests of the table).</summary>
    internal int CapacityOf(int segment) => _segments[segment].Capacity;

    /// <summary>Entries, live or forgotten, in a segment (for tests of the table).</summary>
    internal int UsedOf(int segment) => _segments[segment].Used;

    /// <summary>The hash of a fingerprint: its top 8 bits choose the segment, the next 32 the slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Hash(ulong key) => key * 0xD6E8FEB86659FD93UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SegmentOf(ulong hash) => (int)(hash >> (64 - SegmentBits));

    private void Insert(ulong key, long timestamp)
    {
        var hash = Hash(key);
        _segments[SegmentOf(hash)].Insert(key, hash, timestamp, _forgetBefore);
    }

    /// <summary>
    /// Writes the ids remembered: the point before which they are forgotten, then their count and each one's
    /// fingerprint and time (format <c>callmetrics-engine-5</c>).
    /// </summary>
    internal void WriteTo(Snapshots.SnapshotWriter writer)
    {
        writer.Long(_forgetBefore);
        var live = 0;
        foreach (var segment in _segments)
        {
            live += segment.CountLive(_forgetBefore);
        }

        writer.Count(live);
        foreach (var segment in _segments)
        {
            segment.WriteLive(writer, _forgetBefore);
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote into an empty set, its segments sized for the count read (with a quarter
    /// to spare for the uneven split), so a restore re-places each id once instead of growing every segment from 8 slots.
    /// A count past <see cref="PresizeLimit"/> (twice the 1 h horizon of a 50,000-agent center) sizes for that limit
    /// only, so a damaged count fails at the end of the data instead of allocating gigabytes first.
    /// </summary>
    internal void ReadFrom(Snapshots.SnapshotReader reader)
    {
        _forgetBefore = reader.Long();
        var count = reader.Count();
        var capacity = DedupeSegment.CapacityFor((long)Math.Min(count, PresizeLimit) * 5 / 4 / _segments.Length);
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new DedupeSegment(capacity);
        }

        for (var i = 0; i < count; i++)
        {
            var key = CheckedKey((ulong)reader.Long());
            Insert(key, reader.Long());
        }
    }

    /// <summary>
    /// Reads the dedupe section of a snapshot of format 2 to 4 (a rotation point, then two generations of ids, whole in
    /// format 2 and as 62-bit fingerprints since) into an empty set. Those formats kept no time per id: each is taken
    /// as accepted at <paramref name="acceptedAt"/> (the snapshot's largest event time), so it is remembered for one
    /// horizon more of watermark progress past it.
    /// </summary>
    internal void ReadGenerations(Snapshots.SnapshotReader reader, bool fullIds, long acceptedAt)
    {
        _ = reader.Long(); // the rotation point of the generations
        for (var generation = 0; generation < 2; generation++)
        {
            var count = reader.Count();
            for (var i = 0; i < count; i++)
            {
                var key = fullIds
                    ? Key(new EventId((ulong)reader.Long(), (ulong)reader.Long()))
                    : CheckedKey((ulong)reader.Long());
                Insert(key, acceptedAt);
            }
        }
    }

    private static ulong CheckedKey(ulong key) =>
        key != 0 && (key & ~FingerprintMask) == 0 ? key : throw new InvalidDataException("dedupe fingerprint in snapshot is not one this set writes");
}
