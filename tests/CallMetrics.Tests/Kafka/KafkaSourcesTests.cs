using CallMetrics.Kafka;

namespace CallMetrics.Tests.Kafka;

/// <summary>
/// The partitions' ranks (docs/DECISIONS.md "Kafka (the service)"): they order equal event times across partitions, so
/// they follow the configured topics and the partition numbers, never the order partitions were first seen in.
/// </summary>
public sealed class KafkaSourcesTests
{
    [Fact]
    public void A_partitions_rank_is_its_topics_configured_index_then_its_number_whatever_order_they_were_seen_in()
    {
        var sources = new KafkaSources(topics: ["calls", "agents"]);
        sources.SourceOf("agents", 3).Should().Be(0, "numbers follow first sight");
        sources.SourceOf("calls", 1).Should().Be(1);

        sources.RankOf("calls", 1).Should().Be(1);
        sources.RankOf("calls", 7).Should().Be(7);
        sources.RankOf("agents", 3).Should().Be((1L << 32) + 3);
        sources.RankOf("other", 0).Should().Be(2L << 32, "a topic not configured ranks after the configured ones");
        new KafkaSources(topics: ["calls", "agents"]).RankOf("agents", 3).Should().Be(sources.RankOf("agents", 3), "the rank does not depend on what was seen");
    }
}
