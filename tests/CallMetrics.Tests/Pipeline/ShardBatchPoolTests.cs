using CallMetrics.Core.Events;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Tests.Pipeline;

public sealed class ShardBatchPoolTests
{
    [Fact]
    public void A_returned_batch_comes_back_empty_with_its_capacity()
    {
        var pool = new ShardBatchPool(capacity: 4);
        var batch = pool.Rent();
        for (var i = 0; i < 1000; i++)
        {
            batch.Add(new CanonicalEvent { Timestamp = i }, source: 1, new KafkaRecord("t", 0, i, null, [], default));
        }

        batch.SourceChanges.Add((1, SourceChange.Registered));
        batch.Progress.Add((3, 1, 42));
        batch.WriteProvisional = true;
        batch.DiscardOutput = true;
        batch.Checkpoint = new TaskCompletionSource<byte[]>();
        pool.Return(batch);

        var again = pool.Rent();
        again.Should().BeSameAs(batch);
        again.IsEmpty.Should().BeTrue();
        (again.Checkpoint is null).Should().BeTrue();
        again.Events.Capacity.Should().BeGreaterThanOrEqualTo(1000, "the lists keep their capacity");
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_capacity()
    {
        var pool = new ShardBatchPool(capacity: 2);
        var batches = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        batches.Should().OnlyHaveUniqueItems();
        batches.ForEach(pool.Return);

        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        rented.Count(b => batches.Contains(b)).Should().Be(2, "the third returned batch was dropped");
    }
}
