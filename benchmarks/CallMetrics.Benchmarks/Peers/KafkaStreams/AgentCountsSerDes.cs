namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>The per-agent window store's values.</summary>
internal sealed class AgentCountsSerDes : BinarySerDes<AgentCounts>
{
    protected override AgentCounts Read(BinaryReader reader) => new(reader.ReadInt32(), reader.ReadInt64());

    protected override void Write(BinaryWriter writer, AgentCounts value)
    {
        writer.Write(value.Handled);
        writer.Write(value.HandleMs);
    }
}
