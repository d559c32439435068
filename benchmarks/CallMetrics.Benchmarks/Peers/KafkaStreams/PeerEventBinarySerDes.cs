namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>Events on the repartition topic (by call): type, time, call, agent, queue.</summary>
internal sealed class PeerEventBinarySerDes : BinarySerDes<PeerEvent>
{
    protected override PeerEvent Read(BinaryReader reader) => new()
    {
        Type = (PeerEventType)reader.ReadByte(),
        Ts = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()),
        CallId = ReadNullable(reader),
        AgentId = ReadNullable(reader),
        Queue = ReadNullable(reader),
    };

    protected override void Write(BinaryWriter writer, PeerEvent value)
    {
        writer.Write((byte)value.Type);
        writer.Write(value.TsMs);
        WriteNullable(writer, value.CallId);
        WriteNullable(writer, value.AgentId);
        WriteNullable(writer, value.Queue);
    }
}
