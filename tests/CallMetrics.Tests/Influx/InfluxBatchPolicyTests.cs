using System.Text;
using CallMetrics.Influx;

namespace CallMetrics.Tests.Influx;

public class InfluxBatchPolicyTests
{
    private static readonly InfluxBatchPolicy s_policy = new(
        batchSize: 100, flushInterval: TimeSpan.FromSeconds(1), firstRetryDelay: TimeSpan.FromMilliseconds(100), maxRetryDelay: TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(0, 500, false)]
    [InlineData(60, 40, false)]
    [InlineData(60, 41, true)]
    [InlineData(99, 1, false)]
    public void ShouldFlushBefore_TrueOnlyWhenTheIncomingBatchWouldOverflowANonEmptyWrite(int pending, int incoming, bool expected) =>
        s_policy.ShouldFlushBefore(pending, incoming).Should().Be(expected);

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    [InlineData(250, true)]
    public void IsFull_WhenPendingLinesReachBatchSize(int pending, bool expected) =>
        s_policy.IsFull(pending).Should().Be(expected);

    [Fact]
    public void TimeUntilFlush_CountsDownFromFlushIntervalToZero()
    {
        s_policy.TimeUntilFlush(TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(1));
        s_policy.TimeUntilFlush(TimeSpan.FromMilliseconds(300)).Should().Be(TimeSpan.FromMilliseconds(700));
        s_policy.TimeUntilFlush(TimeSpan.FromSeconds(5)).Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData(200, nameof(WriteDisposition.Accepted))]
    [InlineData(204, nameof(WriteDisposition.Accepted))]
    [InlineData(400, nameof(WriteDisposition.Rejected))]
    [InlineData(413, nameof(WriteDisposition.Rejected))]
    [InlineData(422, nameof(WriteDisposition.Rejected))]
    [InlineData(401, nameof(WriteDisposition.Misconfigured))]
    [InlineData(403, nameof(WriteDisposition.Misconfigured))]
    [InlineData(404, nameof(WriteDisposition.Misconfigured))]
    [InlineData(405, nameof(WriteDisposition.Misconfigured))]
    [InlineData(408, nameof(WriteDisposition.Transient))]
    [InlineData(429, nameof(WriteDisposition.Transient))]
    [InlineData(500, nameof(WriteDisposition.Transient))]
    [InlineData(503, nameof(WriteDisposition.Transient))]
    public void Classify_MapsStatusCodesToWhatTheWriterDoes(int status, string expected) =>
        InfluxBatchPolicy.Classify(status).ToString().Should().Be(expected);

    [Fact]
    public void RetryDelay_DoublesFromTheFirstDelayUntilTheCap()
    {
        // jitter 0.999.. gives (almost) the full exponential step.
        TimeSpan[] delays = Enumerable.Range(0, 12).Select(attempt => s_policy.RetryDelay(attempt, null, 1.0)).ToArray();

        delays[0].Should().Be(TimeSpan.FromMilliseconds(100));
        delays[1].Should().Be(TimeSpan.FromMilliseconds(200));
        delays[4].Should().Be(TimeSpan.FromMilliseconds(1600));
        delays[^1].Should().Be(TimeSpan.FromSeconds(30));
        delays.Should().BeInAscendingOrder();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void RetryDelay_WithJitter_StaysBetweenHalfAndAllOfTheStep(int attempt)
    {
        TimeSpan full = s_policy.RetryDelay(attempt, null, 1.0);

        s_policy.RetryDelay(attempt, null, 0.0).Should().Be(full / 2);
        s_policy.RetryDelay(attempt, null, 0.5).Should().BeGreaterThan(full / 2).And.BeLessThan(full);
        full.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void RetryDelay_HonoursRetryAfter_CappedAtMaxRetryDelay()
    {
        s_policy.RetryDelay(0, TimeSpan.FromSeconds(7), 0.3).Should().Be(TimeSpan.FromSeconds(7));
        s_policy.RetryDelay(9, TimeSpan.FromSeconds(2), 0.3).Should().Be(TimeSpan.FromSeconds(2));
        s_policy.RetryDelay(0, TimeSpan.FromMinutes(5), 0.3).Should().Be(TimeSpan.FromSeconds(30));
        s_policy.RetryDelay(0, TimeSpan.FromSeconds(-3), 0.3).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void FirstRetryDelay_NeverExceedsTheCap()
    {
        var policy = new InfluxBatchPolicy(10, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(40));

        policy.RetryDelay(0, null, 1.0).Should().Be(TimeSpan.FromMilliseconds(40));
    }

    [Theory]
    [InlineData(20, 500)]
    [InlineData(200, 500)]
    [InlineData(30_000, 5000)]
    public void BreakDuration_FollowsMaxRetryDelayWithinHalfASecondAndFiveSeconds(int maxRetryDelayMs, int expectedMs)
    {
        var policy = new InfluxBatchPolicy(10, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(maxRetryDelayMs));

        policy.BreakDuration.Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a\n", 1)]
    [InlineData("a\nb\n", 2)]
    [InlineData("a\nb", 2)]
    public void CountLines_CountsTerminatedLinesAndAnUnterminatedTail(string payload, int expected) =>
        InfluxBatchPolicy.CountLines(Encoding.UTF8.GetBytes(payload)).Should().Be(expected);

    [Theory]
    [InlineData("a\nb\n", "a\n", "b\n")]
    [InlineData("a\nb\nc\n", "a\n", "b\nc\n")]
    [InlineData("a\nbb\ncc\nd\n", "a\nbb\n", "cc\nd\n")]
    [InlineData("a\nb", "a\n", "b")]
    public void SplitInHalves_CutsAtTheMiddleLineBoundaryKeepingOrder(string payload, string first, string second)
    {
        (ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) = InfluxBatchPolicy.SplitInHalves(Encoding.UTF8.GetBytes(payload));

        Encoding.UTF8.GetString(a.Span).Should().Be(first);
        Encoding.UTF8.GetString(b.Span).Should().Be(second);
    }

    [Fact]
    public void SplitInHalves_RepeatedDownToSingleLines_YieldsEveryLineOnceInOrder()
    {
        string[] lines = Enumerable.Range(0, 37).Select(i => $"m v={i}i").ToArray();
        var parts = new Stack<ReadOnlyMemory<byte>>();
        parts.Push(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        var singles = new List<string>();
        while (parts.TryPop(out ReadOnlyMemory<byte> part))
        {
            if (InfluxBatchPolicy.CountLines(part.Span) == 1)
            {
                singles.Add(Encoding.UTF8.GetString(part.Span).TrimEnd('\n'));
                continue;
            }

            (ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second) = InfluxBatchPolicy.SplitInHalves(part);
            parts.Push(second);
            parts.Push(first);
        }

        singles.Should().Equal(lines);
    }

    [Fact]
    public void SplitInHalves_OfOneLine_IsMisuse()
    {
        Action split = () => InfluxBatchPolicy.SplitInHalves(Encoding.UTF8.GetBytes("a\n"));

        split.Should().Throw<ArgumentException>();
    }
}
