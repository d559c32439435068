namespace CallMetrics.Pipeline;

/// <summary>How an instance of the service runs (<c>CallMetrics:Pipeline:Mode</c>).</summary>
public enum PipelineMode
{
    /// <summary>One instance reads every input partition and owns every tenant (checkpoints in a local directory).</summary>
    Single,

    /// <summary>
    /// Several instances in one consumer group: a router re-keys the input by tenant into a repartition topic,
    /// and each repartition partition's engine and checkpoint move with the partition.
    /// </summary>
    Scaled,
}
