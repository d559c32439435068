namespace CallMetrics.Tests.Kafka;

/// <summary>The Kafka tests share one mock cluster and run one after another (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<MockKafkaClusterFixture>
{
    public const string Name = "Kafka";
}
