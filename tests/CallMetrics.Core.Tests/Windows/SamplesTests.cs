using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Tests.Windows;

public sealed class SamplesTests
{
    [Fact]
    public void The_spec_example_gives_300_and_1000()
    {
        // METRICS.md: handle times 100, 200, 300, 400, 1000 s give p50 300 and p90 1000.
        Samples? values = null;
        foreach (var seconds in new long[] { 400, 100, 1000, 300, 200 })
        {
            Samples.Add(ref values, seconds);
        }

        (Samples.Percentile(values, 50), Samples.Percentile(values, 90)).Should().Be((300L, 1000L));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(4, 2, 4)]
    [InlineData(10, 5, 9)]
    [InlineData(11, 6, 10)]
    public void Nearest_rank_is_the_value_at_the_ceiling_of_p_times_n(int n, long p50, long p90)
    {
        Samples? values = null;
        for (var v = n; v >= 1; v--)
        {
            Samples.Add(ref values, v);
        }

        (Samples.Percentile(values, 50), Samples.Percentile(values, 90)).Should().Be((p50, p90));
    }

    [Fact]
    public void No_values_have_no_percentile()
    {
        Samples.Percentile(null, 50).Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Percentiles_of_pooled_tallies_equal_the_percentile_of_the_union_of_their_values(int seed)
    {
        var random = new Random(seed);
        var union = new List<long>();
        var pooled = default(AgentTally);
        for (var agent = 0; agent < random.Next(1, 12); agent++)
        {
            var tally = default(AgentTally);
            for (var leg = 0; leg < random.Next(0, 40); leg++)
            {
                var handle = random.NextInt64(1, 3_600) * 1_000_000_000L;
                union.Add(handle);
                tally.Handled++;
                Samples.Add(ref tally.HandleValues, handle);
            }

            pooled.Add(tally);
        }

        union.Sort();
        foreach (var p in new[] { 50, 90 })
        {
            long? expected = union.Count == 0 ? null : union[(int)Math.Ceiling(p / 100.0 * union.Count - 1e-9) - 1];
            Samples.Percentile(pooled.HandleValues, p).Should().Be(expected, "p{0} of {1} values", p, union.Count);
        }
    }

    [Fact]
    public void Adding_a_tally_copies_its_values_so_the_two_stay_apart()
    {
        var first = default(QueueTally);
        Samples.Add(ref first.WaitValues, 5);
        var second = default(QueueTally);
        second.Add(first);
        Samples.Add(ref second.WaitValues, 7);

        first.WaitValues!.Count.Should().Be(1);
        second.WaitValues!.Count.Should().Be(2);
    }

    [Fact]
    public void Clearing_a_tally_empties_its_values_and_keeps_the_instance()
    {
        var tally = default(AgentTally);
        Samples.Add(ref tally.HandleValues, 5);
        tally.Handled = 1;
        var kept = tally.HandleValues;

        tally.Clear();

        (tally.Handled, tally.HandleValues, kept!.Count).Should().Be((0, kept, 0));
        Samples.Percentile(tally.HandleValues, 50).Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(300)]
    public void Median_and_p90_from_one_sort_equal_the_percentiles_taken_apart(int n)
    {
        var random = new Random(n);
        Samples? values = null;
        for (var i = 0; i < n; i++)
        {
            Samples.Add(ref values, random.NextInt64(0, 1_000));
        }

        var scratch = new long[4];
        Samples.TryMedianAndP90(values, ref scratch, out var p50, out var p90).Should().BeTrue();
        (p50, p90).Should().Be((Samples.Percentile(values, 50)!.Value, Samples.Percentile(values, 90)!.Value));
    }
}
