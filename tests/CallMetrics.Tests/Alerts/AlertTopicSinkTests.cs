using System.Text;
using CallMetrics.Alerts;
using CallMetrics.Kafka;
using CallMetrics.Tests.Kafka;
using Confluent.Kafka;

namespace CallMetrics.Tests.Alerts;

/// <summary>The alert topic on the mock Kafka cluster.</summary>
[Collection(KafkaCollection.Name)]
public sealed class AlertTopicSinkTests(MockKafkaClusterFixture kafka)
{
    [Fact]
    public void Each_change_is_produced_with_the_spec_json_as_value_and_rule_and_tags_as_key()
    {
        var topic = kafka.CreateTopic("alerts", partitions: 3);
        using (var sink = new AlertTopicSink(new KafkaEventProducer(new KafkaOptions { BootstrapServers = kafka.BootstrapServers }), topic))
        {
            sink.Accept(Some.Firing());
            sink.Accept(Some.Resolved());
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = MockKafkaClusterFixture.NewGroupId("alerts-reader"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var read = new List<ConsumeResult<string, string>>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (read.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } result)
            {
                read.Add(result);
            }
        }

        consumer.Close();
        read.Select(r => r.Message.Key).Should().Equal("long-wait;queue=sales;tenant=default", "long-wait;queue=sales;tenant=default");
        read.Select(r => r.Message.Value).Should().Equal(Encoding.UTF8.GetString(AlertJson.Serialize(Some.Firing())), Encoding.UTF8.GetString(AlertJson.Serialize(Some.Resolved())));
        read.Select(r => r.Partition.Value).Distinct().Should().ContainSingle("one alert's changes share a partition, so they stay in order");
    }
}
