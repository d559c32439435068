using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class DeadLetterTests
{
    [Fact]
    public void A_letter_that_fits_is_sent_as_it_is()
    {
        var letter = new DeadLetter { Value = new byte[DeadLetter.MaxValueBytes], Key = new byte[DeadLetter.MaxKeyBytes], Reason = "malformed_json" };

        letter.CutToFit().Should().BeSameAs(letter);
    }

    [Fact]
    public void A_key_and_a_value_too_long_are_both_cut_to_their_start_and_the_reason_says_so()
    {
        var value = Enumerable.Range(0, DeadLetter.MaxValueBytes + 10).Select(i => (byte)i).ToArray();
        var key = Enumerable.Range(0, DeadLetter.MaxKeyBytes + 3).Select(i => (byte)(i * 7)).ToArray();
        var letter = new DeadLetter { Value = value, Key = key, Reason = "too_large", SourceTopic = "events", SourceOffset = 42 };

        var cut = letter.CutToFit();

        cut.Value.ToArray().Should().Equal(value[..DeadLetter.MaxValueBytes]);
        cut.Key!.Value.ToArray().Should().Equal(key[..DeadLetter.MaxKeyBytes]);
        cut.Reason.Should().Be($"too_large (value cut to its first {DeadLetter.MaxValueBytes} of {value.Length} bytes) (key cut to its first {DeadLetter.MaxKeyBytes} of {key.Length} bytes)");
        cut.SourceOffset.Should().Be(42, "the position still says where the whole record is");
    }

    [Fact]
    public void A_reason_too_long_is_cut_to_its_start_and_says_so()
    {
        var reason = "sink_rejected: " + new string('x', DeadLetter.MaxReasonChars);
        var letter = new DeadLetter { Value = new byte[10], Reason = reason };

        var cut = letter.CutToFit();

        cut.Reason.Should().StartWith(reason[..DeadLetter.MaxReasonChars]);
        cut.Reason.Should().EndWith($"(reason cut to its first {DeadLetter.MaxReasonChars} of {reason.Length} characters)");
        cut.Reason.Length.Should().BeLessThan(DeadLetter.MaxReasonChars + 100);
    }

    [Fact]
    public void A_letter_without_key_stays_without_key()
    {
        var letter = new DeadLetter { Value = new byte[DeadLetter.MaxValueBytes + 1], Reason = "too_large" };

        letter.CutToFit().Key.Should().BeNull();
    }
}
