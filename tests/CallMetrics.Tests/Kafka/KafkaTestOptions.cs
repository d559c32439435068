using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

/// <summary>Options pointing at the shared mock cluster: a fresh group per test, short timeouts for fast rebalances.</summary>
internal static class KafkaTestOptions
{
    public static KafkaOptions For(MockKafkaClusterFixture fixture, string topic, string? groupId = null) => new()
    {
        BootstrapServers = fixture.BootstrapServers,
        Topics = [topic],
        GroupId = groupId ?? MockKafkaClusterFixture.NewGroupId(topic),
        DeadLetterTopic = topic + "-dead-letter",
        ClientId = "callmetrics-tests",
        SessionTimeout = TimeSpan.FromSeconds(6),
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        MaxBatchDelay = TimeSpan.FromMilliseconds(20),
    };
}
