using CallMetrics.Kafka;
using CallMetrics.Streaming.Elements;
using Confluent.Kafka;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaSourcesTests
{
    [Fact]
    public void A_sources_identity_is_its_topics_place_among_the_input_topics_and_its_partition_whatever_order_it_was_first_seen_in()
    {
        var first = new KafkaSources(topics: ["calls-eu", "calls-us"]);
        var second = new KafkaSources(topics: ["calls-eu", "calls-us"]);
        var a = first.SourceOf("calls-us", 3);
        var b = first.SourceOf("calls-eu", 1);
        var c = second.SourceOf("calls-eu", 1);
        var d = second.SourceOf("calls-us", 3);

        (a, b).Should().NotBe((d, c), "the dense numbers follow the order of first sight");
        first.IdentityOf(a).Should().Be(new SourceIdentity(1, 3)).And.Be(second.IdentityOf(d));
        first.IdentityOf(b).Should().Be(new SourceIdentity(0, 1)).And.Be(second.IdentityOf(c));
        first.IdentityOf(first.SourceOf("internal", 0)).Topic.Should().Be(-1);
        first.PartitionOf(a).Should().Be(new TopicPartition("calls-us", new Partition(3)));
    }
}
