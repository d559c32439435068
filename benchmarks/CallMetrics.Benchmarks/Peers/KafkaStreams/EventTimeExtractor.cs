using Confluent.Kafka;
using Streamiz.Kafka.Net.Processors;

namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>Event time (METRICS.md: everything is computed in event time): the record's <c>ts</c>, not its Kafka timestamp.</summary>
internal sealed class EventTimeExtractor : ITimestampExtractor
{
    public long Extract(ConsumeResult<object, object> record, long partitionTime) =>
        record?.Message.Value is PeerEvent e ? e.TsMs : partitionTime;
}
