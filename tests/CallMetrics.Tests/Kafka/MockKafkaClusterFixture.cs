using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

/// <summary>One mock Kafka cluster (3 brokers, on 127.0.0.1) shared by every test of the Kafka collection.</summary>
public sealed class MockKafkaClusterFixture : IDisposable
{
    private int _topicCounter;

    public MockKafkaClusterFixture()
    {
        Cluster = new MockKafkaCluster(brokerCount: 3);
    }

    public MockKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A topic no other test uses, created with <paramref name="partitions"/> partitions.</summary>
    public string CreateTopic(string purpose, int partitions)
    {
        string name = $"{purpose}-{Interlocked.Increment(ref _topicCounter)}-{Guid.NewGuid():N}";
        Cluster.CreateTopic(name, partitions);
        return name;
    }

    /// <summary>A consumer group no other test uses.</summary>
    public static string NewGroupId(string purpose) => $"{purpose}-{Guid.NewGuid():N}";

    public void Dispose() => Cluster.Dispose();
}
