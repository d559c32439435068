using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// Aligns a barrier across the engine shards: a checkpoint is complete once every shard's snapshot of it is durable
/// (its output before the barrier written). Completed checkpoints are handed on in barrier order; one that completes
/// after a later one is dropped (the later one covers it). Thread-safe.
/// </summary>
/// <param name="shards">Number of shards.</param>
/// <param name="complete">Receives the barrier and the snapshots by shard.</param>
internal sealed class CheckpointAligner(int shards, Action<CheckpointBarrier, ShardSnapshot[]> complete)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ShardSnapshot?[]> _pending = [];

    /// <summary>Aligns for a receiver of the engines' states alone.</summary>
    public CheckpointAligner(int shards, Action<CheckpointBarrier, byte[][]> complete)
        : this(shards, (barrier, snapshots) => complete(barrier, [.. snapshots.Select(s => s.State)]))
    {
    }
    private long _lastCompleted;

    /// <summary>A shard's snapshot is durable.</summary>
    public void OnDurable(ShardSnapshot snapshot)
    {
        lock (_gate)
        {
            var barrier = snapshot.Barrier;
            if (!_pending.TryGetValue(barrier.Id, out var states))
            {
                states = new ShardSnapshot?[shards];
                _pending[barrier.Id] = states;
            }

            states[snapshot.Shard] = snapshot;
            if (states.Any(s => s is null))
            {
                return;
            }

            _pending.Remove(barrier.Id);
            foreach (var older in _pending.Keys.Where(id => id < barrier.Id).ToList())
            {
                _pending.Remove(older);
            }

            if (barrier.Id <= _lastCompleted)
            {
                return;
            }

            _lastCompleted = barrier.Id;
            complete(barrier, states!);
        }
    }
}
