using CallMetrics.Core.Output;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Tests.Output;

public sealed class WindowResultTests
{
    private static readonly WindowSpec Interval = WindowSpec.Intervals(TimeSpan.FromMinutes(15));

    [Fact]
    public void A_copy_keeps_its_percentile_values_when_the_original_is_reused_for_its_next_window()
    {
        var original = new WindowResult();
        original.Reset(Interval, 900_000_000_000, isFinal: true);
        var tally = default(AgentTally);
        tally.Handled = 2;
        Samples.Add(ref tally.HandleValues, 100);
        Samples.Add(ref tally.HandleValues, 300);
        original.Agents.Add(new AgentLine(1, 2, 3, tally.WithValuesIn(original.Values)));
        original.RollUp();
        var copy = new WindowResult();
        original.CopyTo(copy);

        // The next window lends the same buffers again, with other values.
        original.Reset(Interval, 1_800_000_000_000, isFinal: true);
        var next = default(AgentTally);
        next.Handled = 1;
        Samples.Add(ref next.HandleValues, 999);
        original.Agents.Add(new AgentLine(1, 2, 3, next.WithValuesIn(original.Values)));
        original.RollUp();

        copy.Agents[0].Tally.HandleValues!.Values.ToArray().Should().Equal(100, 300);
        copy.Teams[0].Tally.HandleValues!.Values.ToArray().Should().Equal(100, 300);
        copy.Tenants[0].Agents.HandleValues!.Values.ToArray().Should().Equal(100, 300);
    }
}
