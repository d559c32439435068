using System.Text;
using CallMetrics.Inputs;

namespace CallMetrics.Tests.Inputs;

public class TimeOrderedBufferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    private static List<string> Text(List<byte[]> output) => output.Select(Encoding.UTF8.GetString).ToList();

    [Fact]
    public void Release_sorts_by_time_and_keeps_input_order_for_equal_times()
    {
        var buffer = new TimeOrderedBuffer();
        buffer.Add(T0.AddSeconds(5), B("late"));
        buffer.Add(T0, B("first"));
        buffer.Add(T0, B("second"));
        var output = new List<byte[]>();

        buffer.ReleaseThrough(T0.AddSeconds(1), output);

        Text(output).Should().Equal("first", "second");
        buffer.Count.Should().Be(1);
        buffer.ReleasedThrough.Should().Be(T0.AddSeconds(1));
    }

    [Fact]
    public void Cancelling_wrap_ends_drops_only_that_agents_later_ones()
    {
        var buffer = new TimeOrderedBuffer();
        buffer.Add(T0.AddSeconds(10), B("a1 early"), "a1");
        buffer.Add(T0.AddSeconds(30), B("a1 late"), "a1");
        buffer.Add(T0.AddSeconds(30), B("a2 late"), "a2");

        buffer.CancelWrapEnds("a1", T0.AddSeconds(20)).Should().Be(1);

        var output = new List<byte[]>();
        buffer.ReleaseAll(output);
        Text(output).Should().Equal("a1 early", "a2 late");
    }

    [Fact]
    public void Adding_before_released_time_is_misuse()
    {
        var buffer = new TimeOrderedBuffer();
        buffer.ReleaseThrough(T0, []);

        var add = () => buffer.Add(T0.AddSeconds(-1), B("x"));

        add.Should().Throw<InvalidOperationException>();
    }
}
