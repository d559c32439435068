using System.Text;
using System.Threading.Channels;
using CallMetrics.Core.Events;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;

namespace CallMetrics.Tests.Pipeline;

/// <summary>Single mode with several shards: every shard learns how far each partition got, not only the shard that got its events.</summary>
public sealed class DecodeStageProgressTests
{
    [Fact]
    public async Task A_shard_without_events_of_a_partition_still_sees_the_partition_advance_after_the_events()
    {
        var tenants = Enumerable.Range(0, 100).Select(i => $"t{i}").ToList();
        var first = tenants.First(t => DecodeStage.ShardOf(t, 2) == 0);
        var lines = Scenario.Create().At("09:00").Login("a1", tenant: first).At("09:05").Login("a2", tenant: first).Lines;
        var shards = new[] { Channel.CreateUnbounded<ShardBatch>(), Channel.CreateUnbounded<ShardBatch>() };
        var decode = new DecodeStage(
            new SymbolTable(),
            [.. shards.Select(c => c.Writer)],
            new NoDeadLetters(),
            new PipelineStatistics(),
            new PipelineOptions { Shards = 2, ProvisionalInterval = TimeSpan.Zero },
            TimeProvider.System);
        var input = Channel.CreateUnbounded<KafkaRecordBatch>();
        await input.Writer.WriteAsync(new KafkaRecordBatch(
        [
            new KafkaRecord("in", 3, 0, null, Encoding.UTF8.GetBytes(lines[0]), DateTimeOffset.UnixEpoch),
            new KafkaRecord("in", 3, 1, null, Encoding.UTF8.GetBytes(lines[1]), DateTimeOffset.UnixEpoch),
        ]));
        input.Writer.Complete();

        await decode.RunAsync(input.Reader, CancellationToken.None);

        var other = await shards[1].Reader.ReadAllAsync().ToListAsync();
        other.SelectMany(b => b.Progress).Should().Equal((0, 0, Scenario.Create().Nanos("09:05")));
        var own = await shards[0].Reader.ReadAllAsync().ToListAsync();
        own.SelectMany(b => b.Progress).Should().Equal([(2, 0, Scenario.Create().Nanos("09:05"))], "after the events it covers");
    }

    private sealed class NoDeadLetters : IDeadLetterDestination
    {
        public Task SendAsync(KafkaRecord record, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
