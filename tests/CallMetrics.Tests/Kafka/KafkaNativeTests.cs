using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaNativeTests
{
    [Fact]
    public void EnsureLoaded_BindsDebiansLibrdkafka2ForConfluentKafka()
    {
        KafkaNative.EnsureLoaded();

        // Confluent.Kafka 1.9.3 needs librdkafka 1.9+; Debian 12 ships 2.0.2 (2.1+ would also work).
        Version.Parse(KafkaNative.Version).Major.Should().Be(2);
    }

    [Fact]
    public void EnsureLoaded_IsIdempotent()
    {
        KafkaNative.EnsureLoaded();

        Action again = KafkaNative.EnsureLoaded;

        again.Should().NotThrow();
    }
}
