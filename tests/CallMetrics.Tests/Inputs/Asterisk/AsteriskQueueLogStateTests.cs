using CallMetrics.Inputs;
using CallMetrics.Inputs.Asterisk;

namespace CallMetrics.Tests.Inputs.Asterisk;

/// <summary>Checkpoints of the queue_log translator: saved and restored anywhere, the output is the same.</summary>
public class AsteriskQueueLogStateTests
{
    private static IEventTranslator Create() => Translation.Create(AsteriskQueueLogTranslator.FormatName, o =>
    {
        o.DefaultWrapUp = TimeSpan.FromSeconds(5);
        o.QueueWrapUp["sales"] = TimeSpan.FromSeconds(20);
        o.AsteriskAgentAliases["PJSIP/1002"] = "bob";
    });

    [Fact]
    public void Translating_A_saving_restoring_and_translating_B_gives_what_A_then_B_gives()
    {
        var splits = 0;
        for (var seed = 1; seed <= 150; seed++)
        {
            var lines = RandomQueueLog.Lines(seed, 120);
            var expected = StateRoundTrip.Uninterrupted(Create, lines);
            var random = new Random(seed);
            foreach (var split in new[] { 0, lines.Count, random.Next(lines.Count), random.Next(lines.Count), random.Next(lines.Count) })
            {
                var actual = StateRoundTrip.Interrupted(Create, lines, split);

                actual.Events.Should().Equal(expected.Events, $"seed {seed}, saved after {split} lines");
                actual.Rejected.Should().Equal(expected.Rejected, $"seed {seed}, saved after {split} lines");
                splits++;
            }
        }

        splits.Should().Be(750);
    }

    [Fact]
    public void The_random_logs_exercise_what_the_state_holds()
    {
        var all = Enumerable.Range(1, 150).Select(seed => StateRoundTrip.Uninterrupted(Create, RandomQueueLog.Lines(seed, 120))).ToList();
        var events = all.SelectMany(r => r.Events).ToList();
        var reasons = all.SelectMany(r => r.Rejected).ToList();

        events.Should().Contain(e => e.Contains("\"wrap.ended\"", StringComparison.Ordinal), "scheduled wrap ends are held in the buffer");
        events.Should().Contain(e => e.Contains("\"call_id\":\"1795338000.1-2\"", StringComparison.Ordinal), "a channel that comes back is a suffixed call");
        events.Should().Contain(e => e.Contains("\"reason\":\"lunch\"", StringComparison.Ordinal), "pauses with a reason");
        reasons.Should().Contain(r => r.Contains("out of order", StringComparison.Ordinal));
        reasons.Should().Contain(r => r.Contains("is not a number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_state_of_another_format_is_refused()
    {
        var connect = Translation.Create(CallMetrics.Inputs.AmazonConnect.AmazonConnectTranslator.FormatName);
        using var state = new MemoryStream();
        connect.WriteState(state);
        state.Position = 0;

        var read = () => Create().ReadState(state);

        read.Should().Throw<InvalidDataException>().WithMessage("*asterisk*");
    }

    [Fact]
    public void A_truncated_state_is_refused()
    {
        var translator = Create();
        Translation.Run(translator, RandomQueueLog.Lines(3, 60).Take(40));
        using var state = new MemoryStream();
        translator.WriteState(state);
        using var truncated = new MemoryStream(state.ToArray()[..(int)(state.Length / 2)]);

        var read = () => Create().ReadState(truncated);

        read.Should().Throw<InvalidDataException>();
    }
}
