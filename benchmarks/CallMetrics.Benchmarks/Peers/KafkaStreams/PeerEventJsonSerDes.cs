using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>The input topic's values: canonical JSON events (EVENTS.md) read with System.Text.Json.</summary>
internal sealed class PeerEventJsonSerDes : AbstractSerDes<PeerEvent>
{
    public override PeerEvent Deserialize(byte[] data, SerializationContext context) => PeerEvent.Parse(data);

    public override byte[] Serialize(PeerEvent data, SerializationContext context) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(data, PeerJson.Default.PeerEvent);
}
