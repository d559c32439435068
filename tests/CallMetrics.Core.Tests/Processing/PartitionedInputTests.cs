using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Processing;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

/// <summary>
/// METRICS.md "Partitioned input": the same events in the same partitions give the same result, whatever order the
/// partitions are read in. Each partition's sequence (out of order within the lateness, with copies and late events)
/// is interleaved with the others in many random ways, the partitions registered under different source numbers in
/// different orders, and offered one by one or in batches: the output is byte-identical every time, and equal to a
/// reference that judges lateness and duplicates per partition and applies the accepted events sorted by (time,
/// partition rank, order in the partition).
/// </summary>
public sealed class PartitionedInputTests
{
    private const int Partitions = 4;
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(60);
    private static readonly MetricsOptions Options = new() { Lateness = Lateness, Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 20).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Any_interleaving_of_the_partitions_gives_the_output_of_the_per_partition_reference(int seed)
    {
        var partitions = Chaos(seed);
        var prelude = partitions.SelectMany(p => p).ToList(); // names interned in one fixed order in every run
        var (expected, rejected) = Reference(partitions, prelude);
        rejected.Late.Should().BePositive("the input has late events");
        rejected.Duplicates.Should().BePositive("the input has copies");

        var random = new Random(seed * 31);
        for (var run = 0; run < 12; run++)
        {
            var actual = Interleaved(partitions, prelude, random);

            actual.Output.Should().Be(expected, "run {0} of seed {1}", run, seed);
            (actual.Late, actual.Duplicates).Should().Be(rejected);
        }
    }

    [Fact]
    public void Equal_times_from_different_partitions_apply_by_rank_whichever_partition_is_read_first()
    {
        // Lateness 0, so an event exactly at a partition's watermark may still come. At 09:05 partition 0 (rank 0)
        // logs a1 out and partition 1 has c1 answered by a1: by rank the logout comes first, so the answer is of an
        // agent not logged in (a leg with no busy time), not a logout during a connection (a leg handled at the logout).
        var options = Options with { Lateness = TimeSpan.Zero };
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:04").Queued("c1", "sales")
            .At("09:05").Logout("a2").Logout("a1").Answered("c1", "a1")
            .At("09:08").Ended("c1").At("09:10").Login("a9", team: "blue");
        var p0 = new List<string> { s.Lines[0], s.Lines[2], s.Lines[3], s.Lines[6] };
        var p1 = new List<string> { s.Lines[1], s.Lines[4], s.Lines[5] };
        var prelude = p0.Concat(p1).ToList();

        var zeroFirst = Run([.. p0.Select(l => (0, l)), .. p1.Select(l => (1, l))], prelude, [0, 1], options);
        var oneBetween = Run([(0, p0[0]), (0, p0[1]), .. p1.Select(l => (1, l)), (0, p0[2]), (0, p0[3])], prelude, [0, 1], options);
        var renumbered = Run([.. p1.Select(l => (0, l)), .. p0.Select(l => (1, l))], prelude, [1, 0], options); // partition 1 as source 0
        var reference = Run([.. s.Lines.Select(l => (0, l))], prelude, [0], options);
        var answerFirst = Run([.. new[] { 0, 1, 2, 4, 3, 5, 6 }.Select(i => (0, s.Lines[i]))], prelude, [0], options);

        answerFirst.Output.Should().NotBe(reference.Output, "the order of the logout and the answer matters here");
        zeroFirst.Output.Should().Be(reference.Output);
        oneBetween.Output.Should().Be(reference.Output, "partition 1's answer at the watermark waits for partition 0's events at that time");
        renumbered.Output.Should().Be(reference.Output);
    }

    /// <summary>
    /// Each partition's arrival sequence: the partition's events (keyed by call, else agent; times coarsened to 5 s so
    /// partitions share times) delayed by up to the lateness, with copies a few places later and some events moved
    /// far later (late, unless their partition is slow there).
    /// </summary>
    private static List<List<string>> Chaos(int seed)
    {
        var stream = RandomCallCenter.Generate(seed, agents: 10, calls: 50);
        var random = new Random(seed);
        var partitions = Enumerable.Range(0, Partitions).Select(_ => new List<(string Line, long Ms)>()).ToList();
        foreach (var line in stream.Lines)
        {
            var node = JsonNode.Parse(line)!.AsObject();
            var ts = DateTimeOffset.Parse((string)node["ts"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / 5000 * 5000;
            node["ts"] = DateTimeOffset.FromUnixTimeMilliseconds(ts).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var key = (string?)node["call_id"] ?? (string?)node["agent_id"] ?? "";
            partitions[(int)((uint)StableHash(key) % Partitions)].Add((node.ToJsonString(), ts));
        }

        return partitions.Select(events =>
        {
            var arrivals = events
                .Select(e => (e.Line, Arrival: e.Ms + random.NextInt64(0, (long)Lateness.TotalMilliseconds)))
                .OrderBy(e => e.Arrival)
                .Select(e => e.Line)
                .ToList();
            for (var i = 0; i < arrivals.Count; i += 3 + random.Next(6))
            {
                var far = random.Next(8) == 0;
                var position = Math.Min(arrivals.Count, i + 1 + random.Next(far ? 60 : 4));
                if (far && random.Next(2) == 0)
                {
                    // Moved, not copied: delivered once, long after its time.
                    var moved = arrivals[i];
                    arrivals.RemoveAt(i);
                    arrivals.Insert(Math.Min(arrivals.Count, position), moved);
                }
                else
                {
                    arrivals.Insert(position, arrivals[i]);
                }
            }

            return arrivals;
        }).ToList();
    }

    /// <summary>The reference: lateness and duplicates judged in each partition's own order, the accepted events applied in (time, partition, order).</summary>
    private static (string Output, (long Late, long Duplicates) Rejected) Reference(List<List<string>> partitions, List<string> prelude)
    {
        var latenessNs = (long)Lateness.TotalMilliseconds * 1_000_000;
        var horizonNs = (long)Options.DedupeHorizon.TotalMilliseconds * 1_000_000;
        var accepted = new List<(long Ts, int Rank, int Order, string Line)>();
        long late = 0, duplicates = 0;
        for (var p = 0; p < partitions.Count; p++)
        {
            var max = long.MinValue;
            var ids = new Dictionary<string, long>();
            var order = 0;
            foreach (var line in partitions[p])
            {
                var node = JsonNode.Parse(line)!.AsObject();
                var ts = DateTimeOffset.Parse((string)node["ts"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000;
                var lateBefore = max == long.MinValue ? long.MinValue : max - latenessNs;
                if (ts < lateBefore)
                {
                    late++;
                }
                else if (ids.TryGetValue((string)node["event_id"]!, out var at) && at >= lateBefore - horizonNs)
                {
                    duplicates++;
                }
                else
                {
                    ids[(string)node["event_id"]!] = ts;
                    max = Math.Max(max, ts);
                    accepted.Add((ts, p, order++, line));
                }
            }
        }

        var sorted = accepted.OrderBy(a => a.Ts).ThenBy(a => a.Rank).ThenBy(a => a.Order).Select(a => (0, a.Line)).ToList();
        return (Run(sorted, prelude, [0]).Output, (late, duplicates));
    }

    /// <summary>
    /// A random interleaving that keeps each partition's order, the partitions registered as random source numbers in a
    /// random order (ranked by partition), offered one event or a batch of a partition's events at a time.
    /// </summary>
    private static (string Output, long Late, long Duplicates) Interleaved(List<List<string>> partitions, List<string> prelude, Random random)
    {
        var numbers = Enumerable.Range(0, Partitions).OrderBy(_ => random.Next()).ToArray(); // partition -> source number
        var registration = Enumerable.Range(0, Partitions).OrderBy(_ => random.Next()).ToArray();
        var next = new int[Partitions];
        var arrivals = new List<(int Partition, int Count)>();
        while (Enumerable.Range(0, Partitions).Any(p => next[p] < partitions[p].Count))
        {
            var p = random.Next(Partitions);
            var left = partitions[p].Count - next[p];
            if (left == 0)
            {
                continue;
            }

            var count = Math.Min(left, random.Next(3) == 0 ? 1 + random.Next(40) : 1);
            arrivals.Add((p, count));
            next[p] += count;
        }

        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        Intern(decoder, prelude);
        var output = new StringBuilder();
        var engine = new MetricsEngine(Options, new Sink(symbols, output));
        foreach (var p in registration)
        {
            engine.RegisterSource(numbers[p], rank: p);
        }

        Array.Clear(next);
        foreach (var (p, count) in arrivals)
        {
            var batch = partitions[p].Skip(next[p]).Take(count).Select(line => Decode(decoder, line)).ToArray();
            next[p] += count;
            if (count == 1)
            {
                engine.Accept(batch[0], numbers[p]);
            }
            else
            {
                engine.Accept(batch, numbers[p], observer: null);
            }
        }

        engine.Complete();
        return (output.ToString(), engine.Counters.Late, engine.Counters.Duplicates);
    }

    private static (string Output, long Late) Run(List<(int Source, string Line)> arrivals, List<string> prelude, int[] ranks, MetricsOptions? options = null)
    {
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        Intern(decoder, prelude);
        var output = new StringBuilder();
        var engine = new MetricsEngine(options ?? Options, new Sink(symbols, output));
        for (var source = 0; source < ranks.Length; source++)
        {
            engine.RegisterSource(source, ranks[source]);
        }

        foreach (var (source, line) in arrivals)
        {
            engine.Accept(Decode(decoder, line), source);
        }

        engine.Complete();
        return (output.ToString(), engine.Counters.Late);
    }

    private static void Intern(EventDecoder decoder, List<string> lines)
    {
        foreach (var line in lines)
        {
            _ = Decode(decoder, line);
        }
    }

    private static CanonicalEvent Decode(EventDecoder decoder, string line)
    {
        decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
        return e;
    }

    private static int StableHash(string key)
    {
        var hash = 17;
        foreach (var c in key)
        {
            hash = (hash * 31) + c;
        }

        return hash;
    }

    private sealed class Sink(SymbolTable symbols, StringBuilder output) : IWindowSink
    {
        private readonly LineProtocolFormatter _formatter = new(symbols);

        public void OnWindows(IReadOnlyList<WindowResult> windows) => _formatter.Format(windows, output);
    }
}
