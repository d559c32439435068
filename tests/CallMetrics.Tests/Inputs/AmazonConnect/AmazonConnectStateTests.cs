using CallMetrics.Inputs;
using CallMetrics.Inputs.AmazonConnect;

namespace CallMetrics.Tests.Inputs.AmazonConnect;

/// <summary>Checkpoints of the Amazon Connect translator: saved and restored anywhere, the output is the same.</summary>
public class AmazonConnectStateTests
{
    private static IEventTranslator Create() => Translation.Create(AmazonConnectTranslator.FormatName, o => o.AmazonConnectHoldBack = TimeSpan.FromMinutes(3));

    private static IEventTranslator CreateStatusEndsAcw() => Translation.Create(AmazonConnectTranslator.FormatName, o =>
    {
        o.AmazonConnectHoldBack = TimeSpan.FromMinutes(3);
        o.AmazonConnectAcwEnd = AmazonConnectAcwEnd.ContactClearedOrStatusChange;
    });

    [Fact]
    public void Translating_A_saving_restoring_and_translating_B_gives_what_A_then_B_gives()
    {
        var splits = 0;
        foreach (var create in new Func<IEventTranslator>[] { Create, CreateStatusEndsAcw })
        {
            for (var seed = 1; seed <= 60; seed++)
            {
                var lines = RandomAgentEvents.Lines(seed, 100);
                var expected = StateRoundTrip.Uninterrupted(create, lines);
                var random = new Random(seed);
                foreach (var split in new[] { 0, lines.Count, random.Next(lines.Count), random.Next(lines.Count), random.Next(lines.Count) })
                {
                    var actual = StateRoundTrip.Interrupted(create, lines, split);

                    actual.Events.Should().Equal(expected.Events, $"seed {seed}, saved after {split} records");
                    actual.Rejected.Should().Equal(expected.Rejected, $"seed {seed}, saved after {split} records");
                    splits++;
                }
            }
        }

        splits.Should().Be(600);
    }

    [Fact]
    public void The_random_records_exercise_what_the_state_holds()
    {
        var all = Enumerable.Range(1, 100).Select(seed => StateRoundTrip.Uninterrupted(Create, RandomAgentEvents.Lines(seed, 100))).ToList();
        var events = all.SelectMany(r => r.Events).ToList();
        var reasons = all.SelectMany(r => r.Rejected).ToList();

        foreach (var type in new[] { "agent.login", "agent.logout", "agent.state", "call.queued", "call.answered", "call.held", "call.retrieved", "call.ended", "wrap.ended" })
        {
            events.Should().Contain(e => e.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal), $"{type} comes out of some random record");
        }

        events.Should().Contain(e => e.Contains("\"direction\":\"outbound\"", StringComparison.Ordinal));
        reasons.Should().Contain(r => r.Contains("older than output already released", StringComparison.Ordinal));
    }

    [Fact]
    public void A_state_of_another_format_is_refused()
    {
        var asterisk = Translation.Create(CallMetrics.Inputs.Asterisk.AsteriskQueueLogTranslator.FormatName);
        using var state = new MemoryStream();
        asterisk.WriteState(state);
        state.Position = 0;

        var read = () => Create().ReadState(state);

        read.Should().Throw<InvalidDataException>().WithMessage("*amazon-connect*");
    }
}
