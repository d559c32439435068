using System.Text;
using CallMetrics.Inputs;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using CallMetrics.Tests.Inputs.Asterisk;

namespace CallMetrics.Tests.Streaming.Stages;

public sealed class RecordTranslatorTests
{
    private static readonly TranslatorOptions Options = new() { DefaultWrapUp = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(1)]
    [InlineData(57)]
    [InlineData(200)]
    [InlineData(399)]
    public void A_translator_restored_from_a_barriers_state_translates_the_rest_as_an_uninterrupted_one(int cut)
    {
        var lines = RandomQueueLog.Lines(seed: 5, count: 400);
        var uninterrupted = Translated(new RecordTranslator(_ => NewTranslator()), lines, 0, lines.Count);

        var before = new RecordTranslator(_ => NewTranslator());
        var first = Translated(before, lines, 0, cut, end: false);
        var barrier = (CheckpointBarrier)before.Translate(new CheckpointBarrier(1, new Dictionary<int, long> { [0] = cut }, isFinal: false)).Single();
        barrier.TranslatorStates.Should().ContainKey(0, "source 0 has a translator");
        var after = new RecordTranslator(_ => NewTranslator(), barrier.TranslatorStates);
        var rest = Translated(after, lines, cut, lines.Count);

        first.Concat(rest).Should().Equal(uninterrupted, "the events after the cut are those an uninterrupted translator gives");
    }

    [Fact]
    public void A_restored_source_that_delivered_nothing_since_keeps_its_state_in_the_next_barrier()
    {
        var lines = RandomQueueLog.Lines(seed: 6, count: 50);
        var before = new RecordTranslator(_ => NewTranslator());
        Translated(before, lines, 0, lines.Count, end: false);
        var first = (CheckpointBarrier)before.Translate(new CheckpointBarrier(1, new Dictionary<int, long>(), isFinal: false)).Single();

        var restored = new RecordTranslator(_ => NewTranslator(), first.TranslatorStates);
        var second = (CheckpointBarrier)restored.Translate(new CheckpointBarrier(2, new Dictionary<int, long>(), isFinal: false)).Single();

        second.TranslatorStates[0].Should().Equal(first.TranslatorStates[0]);
    }

    [Fact]
    public void A_barrier_of_canonical_sources_only_carries_no_translator_state()
    {
        var translator = new RecordTranslator(_ => null);
        translator.Translate(StageTestKit.Records(0, "{}")).Should().ContainSingle();
        var barrier = new CheckpointBarrier(1, new Dictionary<int, long> { [0] = 1 }, isFinal: false);

        var passed = (CheckpointBarrier)translator.Translate(barrier).Single();

        passed.TranslatorStates.Should().BeEmpty();
        passed.Id.Should().Be(1);
    }

    private static IEventTranslator NewTranslator() =>
        EventTranslators.TryCreate("asterisk-queue-log", Options, out var translator, out var error) ? translator! : throw new InvalidOperationException(error);

    /// <summary>Every record (translated or rejected with its reason) the lines from..to give, then what the end of input releases.</summary>
    private static List<string> Translated(RecordTranslator translator, List<string> lines, int from, int to, bool end = true)
    {
        var output = new List<string>();
        void Collect(IEnumerable<StreamElement> elements)
        {
            foreach (var batch in elements.OfType<RecordBatch>())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var rejected = batch.Rejections.FirstOrDefault(r => r.Index == i).Reason;
                    output.Add($"{batch.Position(i).Offset} {rejected} {Encoding.UTF8.GetString(batch.Value(i))}");
                }
            }
        }

        // Batches of 7 lines: a cut falls inside what one batch would have been elsewhere.
        for (var start = from; start < to; start += 7)
        {
            var batch = new RecordBatch();
            for (var i = start; i < Math.Min(to, start + 7); i++)
            {
                batch.Add(Encoding.UTF8.GetBytes(lines[i]), new SourcePosition(0, i + 1));
            }

            Collect(translator.Translate(batch));
        }

        if (end)
        {
            Collect(translator.Translate(new EndOfInput(lines.Count)));
        }

        return output;
    }
}
