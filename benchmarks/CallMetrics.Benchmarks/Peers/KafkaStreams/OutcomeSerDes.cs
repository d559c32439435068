namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>Completed counts on the repartition topics (by agent, by queue).</summary>
internal sealed class OutcomeSerDes : BinarySerDes<Outcome>
{
    protected override Outcome Read(BinaryReader reader) =>
        new((OutcomeKind)reader.ReadByte(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt64());

    protected override void Write(BinaryWriter writer, Outcome value)
    {
        writer.Write((byte)value.Kind);
        writer.Write(value.Key);
        writer.Write(value.AtMs);
        writer.Write(value.HandleMs);
    }
}
