namespace CallMetrics.Pipeline;

/// <summary>Defaults of <see cref="PipelineOptions"/> and <see cref="MetricsSettings"/>, in one place.</summary>
public static class PipelineDefaults
{
    /// <summary>Configuration section of the pipeline.</summary>
    public const string SectionName = "CallMetrics:Pipeline";

    /// <summary>Configuration section of the metric definitions.</summary>
    public const string MetricsSectionName = "CallMetrics:Metrics";

    /// <summary>Engine shards (tenants are spread over them): 1.</summary>
    public const int Shards = 1;

    /// <summary>Batches queued between two stages: 4. Small, so a slow sink slows consumption quickly.</summary>
    public const int QueueCapacity = 4;

    /// <summary>A partition that delivered nothing for this long stops holding the watermark back: 5 s.</summary>
    public static readonly TimeSpan SourceIdleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often open windows are written early (provisional), wall time: 5 s. Zero turns it off.</summary>
    public static readonly TimeSpan ProvisionalInterval = TimeSpan.FromSeconds(5);

    /// <summary>How the instance runs: <see cref="PipelineMode.Single"/>.</summary>
    public const PipelineMode Mode = PipelineMode.Single;

    /// <summary>Scaled mode: partitions of the repartition and checkpoint topics: 12 (at most 12 useful instances).</summary>
    public const int RepartitionPartitions = 12;

    /// <summary>How often state is checkpointed and offsets committed: 10 s.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(10);
}
