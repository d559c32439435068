using System.Text;
using System.Threading.Channels;
using CallMetrics.Core.Events;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Pipeline;

/// <summary>When the decode stage calls a partition idle: after it delivered nothing for <c>SourceIdleTimeout</c>.</summary>
public sealed class DecodeStageIdleTests
{
    [Fact]
    public async Task A_partition_whose_batch_took_longer_than_the_idle_timeout_to_decode_is_not_idle_right_after_it()
    {
        // A dead-letter topic that takes 2 s per message, and an idle timeout of 1 s: the batch (a bad record, then a
        // good one) is decoded in 2 s of wall-clock time, during which the partition delivered all the time.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var shard = Channel.CreateUnbounded<ShardBatch>();
        var decode = new DecodeStage(
            new SymbolTable(),
            [shard.Writer],
            new SlowDeadLetters(time, TimeSpan.FromSeconds(2)),
            new PipelineStatistics(),
            new PipelineOptions { ProvisionalInterval = TimeSpan.Zero, SourceIdleTimeout = TimeSpan.FromSeconds(1) },
            time);
        var good = Scenario.Create().At("09:00").Login("a1").Lines[0];
        var input = Channel.CreateUnbounded<KafkaRecordBatch>();
        await input.Writer.WriteAsync(new KafkaRecordBatch(
        [
            new KafkaRecord("call-events", 0, 0, null, Encoding.UTF8.GetBytes("{not json"), default),
            new KafkaRecord("call-events", 0, 1, null, Encoding.UTF8.GetBytes(good), default),
        ]));
        input.Writer.Complete();

        await decode.RunAsync(input.Reader, CancellationToken.None);

        var batches = await shard.Reader.ReadAllAsync().ToListAsync();

        batches.SelectMany(b => b.Events).Should().ContainSingle("the good record was decoded");
        batches.SelectMany(b => b.SourceChanges).Should().NotContain(c => c.Change == SourceChange.Idle,
            "the partition delivered until the end of its batch, less than the idle timeout ago");
    }

    private sealed class SlowDeadLetters(FakeTimeProvider time, TimeSpan each) : IDeadLetterDestination
    {
        public Task SendAsync(KafkaRecord record, string reason, CancellationToken cancellationToken)
        {
            time.Advance(each);
            return Task.CompletedTask;
        }
    }
}
