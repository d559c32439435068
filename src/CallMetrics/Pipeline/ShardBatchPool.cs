using System.Collections.Concurrent;

namespace CallMetrics.Pipeline;

/// <summary>
/// Shard batches handed back by the shards once applied, for the decode stage to fill again. A batch of 10,000
/// events holds ~1 MB of lists: allocated anew per batch they land on the large object heap and cost a gen 2
/// collection every few batches and fresh pages from the kernel; reused, the lists keep their capacity.
/// </summary>
internal sealed class ShardBatchPool(int capacity)
{
    private readonly ConcurrentQueue<ShardBatch> _free = new();
    private int _count;

    /// <summary>An empty batch: a reused one when there is one.</summary>
    public ShardBatch Rent()
    {
        if (_free.TryDequeue(out var batch))
        {
            Interlocked.Decrement(ref _count);
            return batch;
        }

        return new ShardBatch();
    }

    /// <summary>Takes back a batch nobody refers to any more (applied, or never sent); beyond the capacity it is dropped.</summary>
    public void Return(ShardBatch batch)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }

        batch.Reset();
        _free.Enqueue(batch);
    }
}
