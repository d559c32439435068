namespace CallMetrics.Pipeline;

/// <summary>How the streaming graph runs (section <c>CallMetrics:Pipeline</c>). Defaults in <see cref="PipelineDefaults"/>.</summary>
public sealed class PipelineOptions
{
    /// <summary>Engine shards; each owns the tenants that hash to it and runs on its own task.</summary>
    public int Shards { get; set; } = PipelineDefaults.Shards;

    /// <summary>Batches queued between two stages.</summary>
    public int QueueCapacity { get; set; } = PipelineDefaults.QueueCapacity;

    /// <summary>A partition that delivered nothing for this long (wall time) stops holding the watermark back.</summary>
    public TimeSpan SourceIdleTimeout { get; set; } = PipelineDefaults.SourceIdleTimeout;

    /// <summary>How often open windows are written early (provisional); zero turns it off.</summary>
    public TimeSpan ProvisionalInterval { get; set; } = PipelineDefaults.ProvisionalInterval;

    /// <summary>How often state is checkpointed and offsets committed.</summary>
    public TimeSpan CheckpointInterval { get; set; } = PipelineDefaults.CheckpointInterval;

    /// <summary>Where checkpoints are kept; none (restart from the earliest offset) when empty.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// The format of each input topic that does not carry canonical events: topic name →
    /// <c>asterisk-queue-log</c> or <c>amazon-connect</c> (docs/INPUTS.md). Other topics are canonical.
    /// </summary>
    public Dictionary<string, string> InputFormats { get; } = new(StringComparer.Ordinal);

    /// <summary>Options of the translators (tenant, Asterisk wrapuptime per queue, ...), section <c>CallMetrics:Pipeline:Translator</c>.</summary>
    public Inputs.TranslatorOptions Translator { get; set; } = new();

    /// <summary>
    /// <see cref="PipelineMode.Single"/> (default): this instance reads the input topics and owns every tenant.
    /// <see cref="PipelineMode.Scaled"/>: instances in one group share the work (docs/OPERATIONS.md "Scaling out").
    /// </summary>
    public PipelineMode Mode { get; set; } = PipelineDefaults.Mode;

    /// <summary>Scaled mode: the internal topic events are re-keyed into by tenant; default <c>{GroupId}-by-tenant</c>.</summary>
    public string? RepartitionTopic { get; set; }

    /// <summary>Scaled mode: partitions of <see cref="RepartitionTopic"/> (and of <see cref="CheckpointTopic"/>); bounds the useful instances.</summary>
    public int RepartitionPartitions { get; set; } = PipelineDefaults.RepartitionPartitions;

    /// <summary>Scaled mode: where each repartition partition's state is checkpointed; default <c>{GroupId}-checkpoints</c>.</summary>
    public string? CheckpointTopic { get; set; }

    /// <summary>The repartition topic for consumer group <paramref name="groupId"/>.</summary>
    public string RepartitionTopicFor(string groupId) => string.IsNullOrWhiteSpace(RepartitionTopic) ? groupId + "-by-tenant" : RepartitionTopic;

    /// <summary>The checkpoint topic for consumer group <paramref name="groupId"/>.</summary>
    public string CheckpointTopicFor(string groupId) => string.IsNullOrWhiteSpace(CheckpointTopic) ? groupId + "-checkpoints" : CheckpointTopic;

    /// <summary>The problems with these options, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Shards is < 1 or > 256)
        {
            errors.Add($"{PipelineDefaults.SectionName}:Shards must be from 1 to 256, got {Shards}");
        }

        if (QueueCapacity is < 1 or > 10_000)
        {
            errors.Add($"{PipelineDefaults.SectionName}:QueueCapacity must be from 1 to 10000, got {QueueCapacity}");
        }

        if (SourceIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{PipelineDefaults.SectionName}:SourceIdleTimeout must be greater than zero, got {SourceIdleTimeout}");
        }

        if (ProvisionalInterval < TimeSpan.Zero)
        {
            errors.Add($"{PipelineDefaults.SectionName}:ProvisionalInterval must be zero (off) or more, got {ProvisionalInterval}");
        }

        foreach (var (topic, format) in InputFormats)
        {
            if (!Inputs.EventTranslators.TryCreate(format, Translator, out _, out var error))
            {
                errors.Add($"{PipelineDefaults.SectionName}:InputFormats:{topic}: {error}");
            }
        }

        if (CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add($"{PipelineDefaults.SectionName}:CheckpointInterval must be greater than zero, got {CheckpointInterval}");
        }

        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"{PipelineDefaults.SectionName}:Mode must be Single or Scaled, got {Mode}");
        }

        if (RepartitionPartitions is < 1 or > 1024)
        {
            errors.Add($"{PipelineDefaults.SectionName}:RepartitionPartitions must be from 1 to 1024, got {RepartitionPartitions}");
        }

        return errors;
    }
}
