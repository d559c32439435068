namespace CallMetrics.Tests.EndToEnd;

/// <summary>What the end-to-end suite's Kafka is (see <see cref="BrokerChoice"/>).</summary>
internal enum BrokerKind
{
    /// <summary>An existing cluster named by <c>CALLMETRICS_E2E_KAFKA</c>.</summary>
    External,

    /// <summary>Apache Kafka in a container started by Testcontainers.</summary>
    KafkaContainer,

    /// <summary>The dev broker: librdkafka's mock cluster in the test process.</summary>
    DevBroker,
}
