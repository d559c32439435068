using Testcontainers.Kafka;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The Apache Kafka container of the end-to-end suite: the image, and the broker settings that make it behave like the
/// dev broker where the tests rely on it (auto-created topics get 4 partitions, a new group starts without the
/// 3 s initial rebalance delay).
/// </summary>
internal static class KafkaContainerSettings
{
    /// <summary>Apache Kafka (KRaft, one node).</summary>
    public const string Image = "apache/kafka:3.9.0";

    /// <summary>Broker settings passed as environment variables (the image maps <c>KAFKA_X_Y</c> to <c>x.y</c>).</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["KAFKA_NUM_PARTITIONS"] = "4",
        ["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] = "0",
        ["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] = "true",
    };

    /// <summary>The builder of the container (building it needs a reachable Docker engine).</summary>
    public static KafkaBuilder CreateBuilder() => new KafkaBuilder(Image).WithEnvironment(Environment);

    /// <summary>
    /// <c>bootstrap.servers</c> from Testcontainers' bootstrap address, which is a URI
    /// (<c>PLAINTEXT://127.0.0.1:PORT/</c>): librdkafka wants <c>HOST:PORT</c>.
    /// </summary>
    public static string BootstrapServersOf(string bootstrapAddress)
    {
        var uri = new Uri(bootstrapAddress);
        return $"{uri.Host}:{uri.Port}";
    }
}
