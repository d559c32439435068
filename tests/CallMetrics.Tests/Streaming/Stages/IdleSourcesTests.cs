using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class IdleSourcesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_quiet_source_goes_idle_only_once_it_is_also_caught_up()
    {
        var caughtUp = false;
        var rules = new IdleSources(Timeout, (_, _) => caughtUp);
        rules.OnRecords(StageTestKit.Records(1, "a"), now: 0, []);
        var output = new List<StreamElement>();

        rules.Check(_ => Timeout, output);
        output.Should().BeEmpty("records are still to be read from it");

        caughtUp = true;
        rules.Check(_ => Timeout, output);
        output.Should().ContainSingle().Which.Should().BeOfType<SourceChanged>().Which.Change.Should().Be(SourceChange.Idle);
    }

    [Fact]
    public void An_idle_source_that_delivers_again_resumes_every_idle_source_before_its_records()
    {
        long? asked = null;
        var rules = new IdleSources(Timeout, (_, next) => (asked = next) is not null, restoredOffsets: new Dictionary<int, long> { [1] = 90 });
        rules.OnChange(new SourceChanged(1, SourceChange.Registered), now: 0);
        rules.OnRecords(StageTestKit.Records(1, "a", "b"), now: 0, []);
        rules.Check(_ => Timeout, []);
        asked.Should().NotBeNull();

        var before = new List<StreamElement>();
        rules.OnRecords(StageTestKit.Records(3, "c"), now: 1, before);

        before.Cast<SourceChanged>().Select(c => (c.Source, c.Change)).Should().BeEquivalentTo([(0, SourceChange.Registered), (1, SourceChange.Registered)]);
    }

    [Fact]
    public void The_caught_up_question_carries_the_offset_after_the_last_record_handed_on()
    {
        var asked = new Dictionary<int, long?>();
        var rules = new IdleSources(Timeout, (source, next) =>
        {
            asked[source] = next;
            return false;
        });
        rules.OnRecords(StageTestKit.Records(41, "a", "b"), now: 0, []);

        rules.Check(_ => Timeout, []);

        asked.Should().Equal(new Dictionary<int, long?> { [0] = 43 });
    }
}
