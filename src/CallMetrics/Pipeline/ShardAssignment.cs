namespace CallMetrics.Pipeline;

/// <summary>A repartition partition given to (with its checkpoint and start offset) or taken from this instance.</summary>
internal sealed record ShardAssignment(int Shard, bool Assigned, PartitionCheckpoint? Checkpoint, long StartOffset);
