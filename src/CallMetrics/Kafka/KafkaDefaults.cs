using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>The defaults of <see cref="KafkaOptions"/>, in one place so that documentation and code agree.</summary>
public static class KafkaDefaults
{
    /// <summary>The configuration section <see cref="KafkaOptions"/> binds to.</summary>
    public const string SectionName = "CallMetrics:Kafka";

    /// <summary>Default consumer group: <c>callmetrics</c>.</summary>
    public const string GroupId = "callmetrics";

    /// <summary>Default input topic: <c>call-events</c>.</summary>
    public const string Topic = "call-events";

    /// <summary>Default dead-letter topic: <c>call-events-dead-letter</c>.</summary>
    public const string DeadLetterTopic = "call-events-dead-letter";

    /// <summary>Default <c>client.id</c>: <c>callmetrics</c>.</summary>
    public const string ClientId = "callmetrics";

    /// <summary>Default largest batch handed downstream: 10 000 messages.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>Default longest wait for a batch to fill once its first message arrived: 50 ms.</summary>
    public static readonly TimeSpan MaxBatchDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Default group session timeout: 10 s (librdkafka's default is 45 s; a dead instance is noticed sooner).</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default heartbeat interval: 1 s (at most a third of the session timeout, as Kafka recommends).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default start position of a group without committed offsets: the earliest message.</summary>
    public const AutoOffsetReset AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest;
}
