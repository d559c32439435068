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

    [Fact]
    public void Saving_and_restoring_anywhere_releases_the_same_events_at_the_same_steps()
    {
        for (var seed = 1; seed <= 200; seed++)
        {
            var steps = RandomSteps(seed, 80);
            var expected = Replay(steps, split: -1);
            var split = new Random(seed).Next(steps.Count + 1);

            Replay(steps, split).Should().Equal(expected, $"seed {seed}, saved after {split} steps");
        }
    }

    /// <summary>Adds (some of them wrap ends), cancels and releases at random times around a moving clock.</summary>
    private static List<(char Kind, int Seconds, string? Agent)> RandomSteps(int seed, int count)
    {
        var random = new Random(seed);
        var steps = new List<(char, int, string?)>();
        var clock = 0;
        for (var i = 0; i < count; i++)
        {
            clock += random.Next(0, 6);
            var agent = random.Next(3) == 0 ? null : "a" + random.Next(3);
            steps.Add(random.Next(6) switch
            {
                < 3 => ('+', clock + random.Next(0, 30), agent),
                3 => ('x', clock, agent ?? "a0"),
                _ => ('r', clock - 10, null),
            });
        }

        return steps;
    }

    private static List<string> Replay(List<(char Kind, int Seconds, string? Agent)> steps, int split)
    {
        var buffer = new TimeOrderedBuffer();
        var output = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (i == split)
            {
                using var state = new MemoryStream();
                using (var writer = new BinaryWriter(state, Encoding.UTF8, leaveOpen: true))
                {
                    buffer.Write(writer);
                }

                state.Position = 0;
                buffer = new TimeOrderedBuffer();
                using var reader = new BinaryReader(state);
                buffer.Read(reader);
            }

            var (kind, seconds, agent) = steps[i];
            var released = new List<byte[]>();
            var at = T0.AddSeconds(seconds);
            switch (kind)
            {
                case '+' when at >= buffer.ReleasedThrough:
                    buffer.Add(at, B($"event {i} at {seconds}"), agent);
                    break;
                case 'x':
                    output.Add($"{i}: cancelled {buffer.CancelWrapEnds(agent!, at)}");
                    break;
                case 'r':
                    buffer.ReleaseThrough(at, released);
                    break;
                default:
                    break;
            }

            output.AddRange(Text(released).Select(e => $"{i}: {e}"));
        }

        var rest = new List<byte[]>();
        buffer.ReleaseAll(rest);
        output.AddRange(Text(rest).Select(e => $"end: {e}"));
        return output;
    }
}
