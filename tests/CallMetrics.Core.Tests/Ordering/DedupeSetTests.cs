using CallMetrics.Core.Events;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Tests.Ordering;

/// <summary>
/// The dedupe set's contract (an id is remembered for at least one horizon of watermark progress and at
/// most two) and its table's invariants: probe chains survive stale entries, growth and compaction, and
/// snapshots in the current and the older (whole-id) form restore the same set.
/// </summary>
public sealed class DedupeSetTests
{
    private const long Horizon = 1_000;

    [Fact]
    public void An_id_is_found_across_one_rotation_and_forgotten_after_two()
    {
        var set = new DedupeSet(Horizon);
        var id = RandomId(new Random(1));
        set.OnWatermark(0); // first watermark: next rotation at 1000
        set.Add(id);

        set.OnWatermark(1_000);
        set.Contains(id).Should().BeTrue("the watermark has not passed the rotation point");
        set.OnWatermark(1_001); // rotation: previous generation, next at 2001
        set.Contains(id).Should().BeTrue("remembered for at least one horizon");
        set.Count.Should().Be(1);
        set.OnWatermark(2_001);
        set.Contains(id).Should().BeTrue();
        set.OnWatermark(2_002); // second rotation: forgotten
        set.Contains(id).Should().BeFalse("remembered for at most two horizons");
        set.Count.Should().Be(0);
    }

    [Fact]
    public void Adding_an_id_of_the_previous_generation_keeps_it_for_another_horizon()
    {
        var set = new DedupeSet(Horizon);
        var id = RandomId(new Random(2));
        set.OnWatermark(0);
        set.Add(id);
        set.OnWatermark(1_001);
        set.Add(id);
        set.Count.Should().Be(1, "an id counts once");

        set.OnWatermark(2_002);

        set.Contains(id).Should().BeTrue();
        set.Count.Should().Be(1);
    }

    [Fact]
    public void Growth_keeps_every_id_and_the_load_under_three_quarters()
    {
        var set = new DedupeSet(Horizon);
        var random = new Random(3);
        var ids = Enumerable.Range(0, 200_000).Select(_ => RandomId(random)).ToList();
        foreach (var id in ids)
        {
            set.Add(id);
        }

        set.Count.Should().Be(ids.Count);
        ids.Should().OnlyContain(id => set.Contains(id));
        set.Capacity.Should().Be(1 << 19, "doubling from 16 while the load reaches 3/4");
        set.Used.Should().Be(ids.Count);
        Enumerable.Range(0, 10_000).Count(_ => set.Contains(RandomId(random))).Should().Be(0);
    }

    [Fact]
    public void An_expired_entry_keeps_the_chain_to_the_ids_behind_it_and_its_slot_is_reused()
    {
        var set = new DedupeSet(Horizon);
        var (a, b, c) = SameHome(set.Capacity);
        set.OnWatermark(0);
        set.Add(a); // generation 0, at the home slot
        set.OnWatermark(1_001);
        set.Add(b); // generation 1, behind a
        set.OnWatermark(2_002); // a is stale, b previous

        set.Contains(a).Should().BeFalse();
        set.Contains(b).Should().BeTrue("a stale entry does not end the probe chain");
        set.Used.Should().Be(2);

        set.Add(c);

        set.Used.Should().Be(2, "c takes a's stale slot");
        set.Contains(b).Should().BeTrue();
        set.Contains(c).Should().BeTrue();
        set.Contains(a).Should().BeFalse();
        set.Count.Should().Be(2);
    }

    [Fact]
    public void An_id_whose_fingerprint_is_the_empty_value_is_remembered()
    {
        var zero = new EventId(0, 0);
        DedupeSet.Key(zero).Should().NotBe(0);
        var set = new DedupeSet(Horizon);
        set.Contains(zero).Should().BeFalse();

        set.Add(zero);

        set.Contains(zero).Should().BeTrue();
        set.Count.Should().Be(1);
        RoundTrip(set).Contains(zero).Should().BeTrue();
    }

    [Fact]
    public void Rotations_with_no_inserts_compact_the_table_back_down()
    {
        var set = new DedupeSet(Horizon);
        var random = new Random(4);
        set.OnWatermark(0);
        for (var i = 0; i < 10_000; i++)
        {
            set.Add(RandomId(random));
        }

        for (var w = 1; w <= 4; w++)
        {
            set.OnWatermark(w * 1_100);
        }

        set.Count.Should().Be(0);
        set.Used.Should().Be(0);
        set.Capacity.Should().Be(16);
    }

    [Fact]
    public void A_snapshot_restores_both_generations_and_the_rotation_point()
    {
        var random = new Random(5);
        var set = new DedupeSet(Horizon);
        set.OnWatermark(0);
        var old = Enumerable.Range(0, 500).Select(_ => RandomId(random)).ToList();
        old.ForEach(id => set.Add(id));
        set.OnWatermark(1_001);
        var recent = Enumerable.Range(0, 300).Select(_ => RandomId(random)).ToList();
        recent.ForEach(id => set.Add(id));

        var restored = RoundTrip(set);

        restored.Count.Should().Be(800);
        old.Concat(recent).Should().OnlyContain(id => restored.Contains(id));
        restored.OnWatermark(2_001);
        restored.Count.Should().Be(800, "the rotation point came with the snapshot");
        restored.OnWatermark(2_002);
        old.Should().OnlyContain(id => !restored.Contains(id));
        recent.Should().OnlyContain(id => restored.Contains(id));
    }

    [Fact]
    public void The_older_snapshot_form_with_whole_ids_still_restores()
    {
        var random = new Random(6);
        var current = Enumerable.Range(0, 200).Select(_ => RandomId(random)).ToList();
        var previous = Enumerable.Range(0, 100).Select(_ => RandomId(random)).Append(current[0]).ToList();
        var bytes = WriteWholeIds(rotateAt: 5_000, current, previous);

        var set = Read(bytes, fullIds: true);

        set.Count.Should().Be(300, "an id in both generations counts once");
        current.Concat(previous).Should().OnlyContain(id => set.Contains(id));
        set.OnWatermark(5_001);
        current.Should().OnlyContain(id => set.Contains(id), "current ids become previous");
        previous.Take(100).Should().OnlyContain(id => set.Contains(id) == false);
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 25).Select(seed => new object[] { seed });

    /// <summary>Random adds, lookups, watermark moves and snapshots against two hash sets with the same generation rules.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Behaves_like_two_hash_set_generations(int seed)
    {
        var random = new Random(seed);
        var horizon = random.Next(1, 50);
        var set = new DedupeSet(horizon);
        var model = new Model(horizon);
        var seen = new List<EventId>();
        long watermark = random.Next(-100, 100);
        var steps = 20_000 + random.Next(20_000);
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(100);
            if (roll < 45)
            {
                // Mostly new ids, sometimes one seen before (remembered or forgotten).
                var id = seen.Count > 0 && random.Next(4) == 0 ? seen[random.Next(seen.Count)] : RandomId(random);
                Agree(set.Contains(id), model.Contains(id), step);
                if (!model.Contains(id) || random.Next(3) == 0)
                {
                    set.Add(id);
                    model.Add(id);
                    seen.Add(id);
                }
            }
            else if (roll < 80)
            {
                var id = seen.Count > 0 && random.Next(2) == 0 ? seen[random.Next(seen.Count)] : RandomId(random);
                Agree(set.Contains(id), model.Contains(id), step);
            }
            else if (roll < 99)
            {
                watermark += random.Next(10) == 0 ? random.Next(3 * horizon) : random.Next(3);
                set.OnWatermark(watermark);
                model.OnWatermark(watermark);
            }
            else
            {
                set = random.Next(2) == 0 ? RoundTrip(set, horizon) : Read(WriteWholeIds(model.RotateAt, model.Current, model.Previous), fullIds: true, horizon);
            }

            Agree(set.Count, model.Count, step);
        }

        seen.Should().OnlyContain(id => set.Contains(id) == model.Contains(id));
        set.Used.Should().BeLessThan(set.Capacity);
    }

    private static void Agree<T>(T actual, T expected, int step)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            Assert.Fail($"step {step}: {actual}, the model {expected}");
        }
    }

    /// <summary>What the set was before: two hash sets, the current and the previous generation.</summary>
    private sealed class Model(long horizon)
    {
        public HashSet<EventId> Current { get; private set; } = [];

        public HashSet<EventId> Previous { get; private set; } = [];

        public long RotateAt { get; private set; } = long.MinValue;

        public int Count => Current.Union(Previous).Count();

        public bool Contains(EventId id) => Current.Contains(id) || Previous.Contains(id);

        public void Add(EventId id) => Current.Add(id);

        public void OnWatermark(long watermark)
        {
            if (RotateAt == long.MinValue)
            {
                RotateAt = watermark + horizon;
            }
            else if (watermark > RotateAt)
            {
                (Previous, Current) = (Current, []);
                RotateAt = watermark + horizon;
            }
        }
    }

    private static EventId RandomId(Random random) => new((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63), (ulong)random.NextInt64());

    /// <summary>Three ids whose fingerprints differ but start probing at the same slot of a table of <paramref name="capacity"/>.</summary>
    private static (EventId A, EventId B, EventId C) SameHome(int capacity)
    {
        var shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
        var found = new List<EventId>();
        for (ulong high = 4; found.Count < 3; high += 4)
        {
            var id = new EventId(high, 0);
            if ((DedupeSet.Key(id) * 0xD6E8FEB86659FD93UL) >> shift == 5)
            {
                found.Add(id);
            }
        }

        return (found[0], found[1], found[2]);
    }

    private static DedupeSet RoundTrip(DedupeSet set, long horizon = Horizon)
    {
        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, new SymbolTable()))
        {
            set.WriteTo(writer);
        }

        return Read(buffer.ToArray(), fullIds: false, horizon);
    }

    private static DedupeSet Read(byte[] bytes, bool fullIds, long horizon = Horizon)
    {
        var set = new DedupeSet(horizon);
        using var reader = new SnapshotReader(new MemoryStream(bytes), new SymbolTable());
        set.ReadFrom(reader, fullIds);
        return set;
    }

    /// <summary>The dedupe section as <c>callmetrics-engine-2</c> snapshots hold it.</summary>
    private static byte[] WriteWholeIds(long rotateAt, IEnumerable<EventId> current, IEnumerable<EventId> previous)
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
                    writer.Long((long)id.High);
                    writer.Long((long)id.Low);
                }
            }
        }

        return buffer.ToArray();
    }
}
