namespace CallMetrics.Hosting;

/// <summary>Log messages of scaled mode (source-generated).</summary>
internal static partial class ScaledLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Scaled mode: routing by tenant into {RepartitionTopic} ({Partitions} partitions), checkpoints in {CheckpointTopic}, origins {Origins}")]
    public static partial void Started(ILogger logger, string repartitionTopic, int partitions, string checkpointTopic, string origins);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Assigned {Topic}[{Partition}]: starting at offset {Offset}, {State}")]
    public static partial void PartitionAssigned(ILogger logger, string topic, int partition, long offset, string state);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "CallMetrics:Pipeline:SourceIdleTimeout {IdleTimeout} is less than twice CallMetrics:Kafka:SessionTimeout {SessionTimeout}: an input partition whose router is being moved may go idle, and its events then arrive late")]
    public static partial void IdleTimeoutTooShort(ILogger logger, TimeSpan idleTimeout, TimeSpan sessionTimeout);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Router stopped: {Routed} records routed, {DeadLettered} dead-lettered")]
    public static partial void Stopped(ILogger logger, long routed, long deadLettered);
}
