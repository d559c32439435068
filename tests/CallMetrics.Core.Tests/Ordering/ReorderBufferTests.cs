using CallMetrics.Core.Events;
using CallMetrics.Core.Ordering;

namespace CallMetrics.Core.Tests.Ordering;

public sealed class ReorderBufferTests
{
    private static CanonicalEvent At(long t) => new() { Timestamp = t, Type = EventType.AgentState };

    [Fact]
    public void Events_come_out_in_time_then_arrival_order_up_to_the_limit()
    {
        var buffer = new ReorderBuffer();
        foreach (var t in new long[] { 10, 30, 20, 30, 5, 40 })
        {
            buffer.Add(At(t));
        }

        var taken = new List<long>();
        while (buffer.TryTake(30, out var e))
        {
            taken.Add(e.Timestamp);
        }

        taken.Should().Equal(5, 10, 20, 30, 30);
        buffer.Count.Should().Be(1);
    }

    [Fact]
    public void Peeking_ahead_sees_the_in_order_events_without_taking_them()
    {
        var buffer = new ReorderBuffer();
        for (var t = 0; t < 100; t++)
        {
            buffer.Add(At(t * 10)); // more than the ring's first size, so it wraps and grows
        }

        buffer.TryTake(55, out _).Should().BeTrue();
        buffer.HasAhead(0).Should().BeTrue();
        buffer.PeekAhead(0).Timestamp.Should().Be(10);
        buffer.HasAhead(16).Should().BeTrue();
        buffer.PeekAhead(16).Timestamp.Should().Be(170);
        buffer.HasAhead(98).Should().BeTrue();
        buffer.PeekAhead(98).Timestamp.Should().Be(990);
        buffer.HasAhead(99).Should().BeFalse("only 99 events are left");
        buffer.HasAhead(-1).Should().BeFalse();
        buffer.Count.Should().Be(99, "peeking takes nothing");
    }
}
