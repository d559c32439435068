using CallMetrics.Core.Events;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Tests.Ordering;

/// <summary>
/// The dedupe set's contract (METRICS.md "Precise rules": an id is a duplicate when it was accepted with a time not
/// older than the watermark minus the horizon; older ones are forgotten) and its table's invariants: probe chains
/// survive compaction, segments shrink back when ids are forgotten, and snapshots in the current form and the older
/// generation forms restore the same answers.
/// </summary>
public sealed class DedupeSetTests
{
    private const long Horizon = 1_000;

    [Fact]
    public void An_id_is_a_duplicate_while_its_time_is_within_the_horizon_of_the_watermark()
    {
        var set = new DedupeSet(Horizon);
        var id = RandomId(new Random(1));
        set.Add(id, 5_000);

        set.IsDuplicate(id, 5_000).Should().BeTrue();
        set.IsDuplicate(id, 6_000).Should().BeTrue("accepted exactly the horizon before the watermark");
        set.IsDuplicate(id, 6_001).Should().BeFalse("accepted more than the horizon before the watermark: forgotten");
        set.IsDuplicate(RandomId(new Random(2)), 5_000).Should().BeFalse();
    }

    [Fact]
    public void An_id_accepted_again_later_is_remembered_from_its_later_time()
    {
        var set = new DedupeSet(Horizon);
        var id = RandomId(new Random(3));
        set.Add(id, 1_000);
        set.Add(id, 4_000);

        set.Count.Should().Be(1, "an id counts once");
        set.AcceptedAt(id).Should().Be(4_000);
        set.IsDuplicate(id, 5_000).Should().BeTrue();

        set.Add(id, 2_000);
        set.AcceptedAt(id).Should().Be(4_000, "the larger time is kept");
    }

    [Fact]
    public void Forgotten_ids_are_dropped_as_segments_fill_so_memory_follows_the_rate_not_the_time_run()
    {
        var set = new DedupeSet(Horizon);
        var random = new Random(4);
        long peakBytes = 0;

        // 200 "hours" of 20,000 ids each; the watermark trails the ids by one horizon.
        for (var hour = 0; hour < 200; hour++)
        {
            for (var i = 0; i < 20_000; i++)
            {
                set.Add(RandomId(random), (hour * Horizon) + (i % 1_000));
            }

            set.OnWatermark(hour * Horizon);
            peakBytes = Math.Max(peakBytes, set.Bytes);
        }

        set.Count.Should().BeLessThan(3 * 20_000 * 3 / 2, "at most the ids of the last two horizons and half as many again");
        (peakBytes / (double)set.Count).Should().BeLessThan(4 * DedupeSet.SlotBytes, "2 to 4 slots per remembered id");
        peakBytes.Should().BeLessThan(64L * 60_000 * 2, "bounded by the ids of a few horizons, not 4 million");
    }

    [Fact]
    public void No_single_resize_copies_more_than_one_segment()
    {
        var set = new DedupeSet(Horizon);
        var random = new Random(5);
        var ids = Enumerable.Range(0, 200_000).Select(_ => RandomId(random)).ToList();
        foreach (var id in ids)
        {
            set.Add(id, 0);
        }

        var largest = Enumerable.Range(0, 256).Max(set.CapacityOf);
        var total = Enumerable.Range(0, 256).Sum(set.CapacityOf);
        largest.Should().BeLessThan(total / 64, "each segment holds about 1/256 of the ids");
        ids.Should().OnlyContain(id => set.IsDuplicate(id, 0));
        Enumerable.Range(0, 256).Should().OnlyContain(s => set.UsedOf(s) < set.CapacityOf(s));
        Enumerable.Range(0, 10_000).Count(_ => set.IsDuplicate(RandomId(random), 0)).Should().Be(0);
    }

    [Fact]
    public void A_segment_with_nothing_to_forget_grows_fourfold_and_keeps_every_id()
    {
        var set = new DedupeSet(Horizon);
        var random = new Random(8);
        var ids = Enumerable.Range(0, 100_000).Select(_ => RandomId(random)).Where(id => set.Place(id).Segment == 0).Take(40).ToList();

        ids.Take(6).ToList().ForEach(id => set.Add(id, 0));
        set.CapacityOf(0).Should().Be(8, "a segment compacts when 3/4 full");
        set.Add(ids[6], 0);
        set.CapacityOf(0).Should().Be(32, "nothing can be forgotten before the watermark moves: grown 4x at once");
        ids.Skip(7).ToList().ForEach(id => set.Add(id, 0));

        set.CapacityOf(0).Should().Be(128);
        set.UsedOf(0).Should().Be(40);
        ids.Should().OnlyContain(id => set.IsDuplicate(id, 0));
    }

    [Fact]
    public void A_steady_rate_compacts_in_place_without_new_tables()
    {
        var set = new DedupeSet(Horizon);
        var random = new Random(9);
        var ids = Enumerable.Range(0, 600_000).Select(_ => RandomId(random)).ToArray();

        // 100,000 ids a horizon, the watermark one horizon behind them: three horizons to settle, then three timed.
        void Feed(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var t = i / 100;
                set.Add(ids[i], t);
                set.OnWatermark(t - Horizon);
            }
        }

        Feed(0, 300_000);
        var bytes = set.Bytes;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Feed(300_000, 600_000);

        (GC.GetAllocatedBytesForCurrentThread() - allocated).Should().BeLessThan(bytes / 10, "a segment keeps its arrays while its live entries stay between 1/4 and 9/16 of them");
        ids.Skip(400_000).Should().OnlyContain(id => set.IsDuplicate(id, 5_000), "accepted at 4,000 or later");
        ids.Take(400_000).Should().OnlyContain(id => !set.IsDuplicate(id, 5_000), "accepted before 4,000");
    }

    [Fact]
    public void A_restored_set_is_sized_for_its_ids_and_still_forgets_them_as_segments_fill()
    {
        var random = new Random(10);
        var set = new DedupeSet(Horizon);
        var old = Enumerable.Range(0, 100_000).Select(_ => RandomId(random)).ToList();
        old.ForEach(id => set.Add(id, 100));

        var restored = RoundTrip(set);

        Enumerable.Range(0, 256).Should().OnlyContain(s => restored.CapacityOf(s) == restored.CapacityOf(0), "every segment sized from the count read");
        (restored.Bytes / (double)restored.Count).Should().BeInRange(2 * DedupeSet.SlotBytes, 3 * DedupeSet.SlotBytes, "2.5 slots per id");
        old.Should().OnlyContain(id => restored.AcceptedAt(id) == 100);

        restored.OnWatermark(100 + Horizon + 1);
        var recent = Enumerable.Range(0, 100_000).Select(_ => RandomId(random)).ToList();
        recent.ForEach(id => restored.Add(id, 2_000));

        restored.Count.Should().BeLessThan(150_000, "the old ids are dropped as the segments fill with new ones");
        (restored.Bytes / (double)restored.Count).Should().BeLessThan(4 * DedupeSet.SlotBytes);
        recent.Should().OnlyContain(id => restored.IsDuplicate(id, 2_000));
        old.Should().OnlyContain(id => !restored.IsDuplicate(id, 2_000));
    }

    [Fact]
    public void An_id_whose_fingerprint_is_the_empty_value_is_remembered()
    {
        var zero = new EventId(0, 0);
        DedupeSet.Key(zero).Should().NotBe(0);
        var set = new DedupeSet(Horizon);
        set.IsDuplicate(zero, 0).Should().BeFalse();

        set.Add(zero, 0);

        set.IsDuplicate(zero, 0).Should().BeTrue();
        set.Count.Should().Be(1);
        RoundTrip(set).IsDuplicate(zero, 0).Should().BeTrue();
    }

    [Fact]
    public void A_snapshot_restores_the_ids_with_their_times_and_the_forgetting_point()
    {
        var random = new Random(6);
        var set = new DedupeSet(Horizon);
        var old = Enumerable.Range(0, 500).Select(_ => RandomId(random)).ToList();
        old.ForEach(id => set.Add(id, 100));
        var recent = Enumerable.Range(0, 300).Select(_ => RandomId(random)).ToList();
        recent.ForEach(id => set.Add(id, 2_000));
        set.OnWatermark(1_500); // old ones are forgotten (100 < 500)

        var restored = RoundTrip(set);

        restored.ForgetBefore.Should().Be(500);
        restored.Count.Should().Be(300, "forgotten ids are not written");
        recent.Should().OnlyContain(id => restored.AcceptedAt(id) == 2_000);
        old.Should().OnlyContain(id => !restored.IsDuplicate(id, 1_500));
    }

    [Fact]
    public void The_older_snapshot_forms_restore_every_id_as_accepted_at_the_largest_time()
    {
        var random = new Random(7);
        var current = Enumerable.Range(0, 200).Select(_ => RandomId(random)).ToList();
        var previous = Enumerable.Range(0, 100).Select(_ => RandomId(random)).Append(current[0]).ToList();

        foreach (var fullIds in new[] { true, false })
        {
            var set = new DedupeSet(Horizon);
            using var reader = new SnapshotReader(new MemoryStream(WriteGenerations(5_000, current, previous, fullIds)), new SymbolTable());
            set.ReadGenerations(reader, fullIds, acceptedAt: 9_000);

            set.Count.Should().Be(300, "an id in both generations counts once");
            current.Concat(previous).Should().OnlyContain(id => set.AcceptedAt(id) == 9_000);
            current.Concat(previous).Should().OnlyContain(id => set.IsDuplicate(id, 10_000));
            current.Concat(previous).Should().OnlyContain(id => !set.IsDuplicate(id, 10_001));
        }
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 25).Select(seed => new object[] { seed });

    /// <summary>Random adds, lookups at per-source watermarks, watermark moves and snapshots against a dictionary of id to time.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Behaves_like_a_dictionary_of_the_largest_time_per_id(int seed)
    {
        var random = new Random(seed);
        var horizon = random.Next(1, 50);
        var set = new DedupeSet(horizon);
        var model = new Dictionary<EventId, long>();
        var seen = new List<EventId>();
        long watermark = random.Next(-100, 100); // the smallest watermark (the engine's)
        var steps = 20_000 + random.Next(20_000);
        for (var step = 0; step < steps; step++)
        {
            // A source's own watermark is at or after the engine's.
            var own = watermark + (random.Next(4) == 0 ? random.Next(3 * horizon) : 0);
            var roll = random.Next(100);
            if (roll < 80)
            {
                var id = seen.Count > 0 && random.Next(3) == 0 ? seen[random.Next(seen.Count)] : RandomId(random);
                var expected = model.TryGetValue(id, out var at) && at >= own - horizon;
                Agree(set.IsDuplicate(id, own), expected, step);
                if (roll < 45 && !expected)
                {
                    var t = own + random.Next(2 * horizon);
                    set.Add(id, t);
                    model[id] = Math.Max(t, model.GetValueOrDefault(id, long.MinValue));
                    seen.Add(id);
                }
            }
            else if (roll < 99)
            {
                watermark += random.Next(10) == 0 ? random.Next(3 * horizon) : random.Next(3);
                set.OnWatermark(watermark);
            }
            else
            {
                set = RoundTrip(set, horizon);
            }
        }

        seen.Should().OnlyContain(id => set.IsDuplicate(id, watermark) == (model[id] >= watermark - horizon));
    }

    private static void Agree<T>(T actual, T expected, int step)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            Assert.Fail($"step {step}: {actual}, the model {expected}");
        }
    }

    private static EventId RandomId(Random random) => new((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63), (ulong)random.NextInt64());

    private static DedupeSet RoundTrip(DedupeSet set, long horizon = Horizon)
    {
        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, new SymbolTable()))
        {
            set.WriteTo(writer);
        }

        var restored = new DedupeSet(horizon);
        using var reader = new SnapshotReader(new MemoryStream(buffer.ToArray()), new SymbolTable());
        restored.ReadFrom(reader);
        return restored;
    }

    /// <summary>The dedupe section as <c>callmetrics-engine-2</c> (whole ids) to <c>-4</c> (fingerprints) snapshots hold it.</summary>
    private static byte[] WriteGenerations(long rotateAt, IEnumerable<EventId> current, IEnumerable<EventId> previous, bool fullIds)
    {
        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, new SymbolTable()))
        {
            writer.Long(rotateAt);
            foreach (var ids in new[] { current.ToList(), previous.ToList() })
            {
                writer.Count(ids.Count);
                foreach (var id in ids)
                {
                    if (fullIds)
                    {
                        writer.Long((long)id.High);
                        writer.Long((long)id.Low);
                    }
                    else
                    {
                        writer.Long((long)DedupeSet.Key(id));
                    }
                }
            }
        }

        return buffer.ToArray();
    }
}
