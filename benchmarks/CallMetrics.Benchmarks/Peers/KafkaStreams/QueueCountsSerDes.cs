namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>The per-queue window store's values.</summary>
internal sealed class QueueCountsSerDes : BinarySerDes<QueueCounts>
{
    protected override QueueCounts Read(BinaryReader reader) => new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());

    protected override void Write(BinaryWriter writer, QueueCounts value)
    {
        writer.Write(value.Offered);
        writer.Write(value.Answered);
        writer.Write(value.Abandoned);
    }
}
