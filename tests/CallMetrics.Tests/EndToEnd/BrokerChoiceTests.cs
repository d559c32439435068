using CallMetrics.Kafka;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>How the end-to-end fixture chooses its broker and configures the Kafka container (no Docker needed).</summary>
public sealed class BrokerChoiceTests
{
    [Fact]
    public void AnExternalCluster_WinsOverEverything()
    {
        BrokerChoice choice = BrokerChoice.Decide("kafka-1:9092", "container", dockerReachable: true, string.Empty);

        choice.Kind.Should().Be(BrokerKind.External);
    }

    [Fact]
    public void ByDefault_AReachableDockerEngine_MeansAKafkaContainer()
    {
        BrokerChoice choice = BrokerChoice.Decide(null, null, dockerReachable: true, string.Empty);

        choice.Should().Be(new BrokerChoice(BrokerKind.KafkaContainer, "a Docker engine is reachable"));
    }

    [Fact]
    public void ByDefault_NoDockerEngine_MeansTheDevBroker_WithTheReason()
    {
        BrokerChoice choice = BrokerChoice.Decide(null, "auto", dockerReachable: false, "no socket");

        choice.Kind.Should().Be(BrokerKind.DevBroker);
        choice.Reason.Should().Be("no Docker engine is reachable (no socket)");
    }

    [Fact]
    public void Dev_MeansTheDevBroker_EvenWithDocker()
    {
        BrokerChoice.Decide(null, "dev", dockerReachable: true, string.Empty).Kind.Should().Be(BrokerKind.DevBroker);
    }

    [Fact]
    public void Container_WithoutDocker_FailsInsteadOfPretending()
    {
        Action decide = () => BrokerChoice.Decide(null, "container", dockerReachable: false, "no socket");

        decide.Should().Throw<InvalidOperationException>().WithMessage("*CALLMETRICS_E2E_BROKER=container*no Docker engine is reachable: no socket*");
    }

    [Fact]
    public void AnUnknownSetting_IsAnError()
    {
        Action decide = () => BrokerChoice.Decide(null, "redpanda", dockerReachable: true, string.Empty);

        decide.Should().Throw<InvalidOperationException>().WithMessage("*auto, container or dev*'redpanda'*");
    }

    [Fact]
    public void Describe_SaysWhatWhereAndWhy()
    {
        string line = new BrokerChoice(BrokerKind.DevBroker, "no Docker engine is reachable (x)").Describe("127.0.0.1:4000", "dev broker");

        line.Should().Be("broker: dev broker at 127.0.0.1:4000 (no Docker engine is reachable (x))");
    }

    [Fact]
    public void TheContainer_IsApacheKafka_WithTheDevBrokersTopicDefaults()
    {
        KafkaContainerSettings.Image.Should().StartWith("apache/kafka:");
        KafkaContainerSettings.Environment.Should().Contain("KAFKA_NUM_PARTITIONS", "4", "auto-created topics get 4 partitions on the dev broker too");
        KafkaContainerSettings.Environment.Should().Contain("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    }

    [Fact]
    public void BootstrapServersOf_TurnsTestcontainersUriIntoHostAndPort()
    {
        KafkaContainerSettings.BootstrapServersOf("PLAINTEXT://127.0.0.1:32791/").Should().Be("127.0.0.1:32791");
    }

    [Fact]
    public void OnThisMachine_TheChoiceFollowsWhatTestcontainersFinds()
    {
        bool reachable = DockerEngine.IsReachable(out string problem);

        BrokerChoice choice = BrokerChoice.Decide(null, null, reachable, problem);

        // Whatever this machine has, nothing pretends: no engine means the dev broker, with Testcontainers' reason.
        Console.WriteLine($"Docker engine reachable: {reachable} {problem}; choice: {choice}; librdkafka {KafkaNative.Version}");
        choice.Kind.Should().Be(reachable ? BrokerKind.KafkaContainer : BrokerKind.DevBroker);
        (reachable || problem.Length > 0).Should().BeTrue("an unreachable engine comes with a reason");
    }
}
