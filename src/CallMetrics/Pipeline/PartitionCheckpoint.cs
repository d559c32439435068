using Confluent.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>
/// The checkpoint of one repartition partition (scaled mode), the value of a message on the checkpoint
/// topic: the offset of the partition to resume at, the shard's numbering of origin partitions as engine
/// sources, and the shard's engine snapshot taken at exactly that offset.
/// </summary>
internal sealed record PartitionCheckpoint(long NextOffset, IReadOnlyDictionary<TopicPartition, int> Sources, byte[] Snapshot)
{
    private const string Magic = "callmetrics-partition-checkpoint-1";

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream(Snapshot.Length + 256);
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(NextOffset);
            writer.Write(Sources.Count);
            foreach (var (partition, source) in Sources)
            {
                writer.Write(partition.Topic);
                writer.Write(partition.Partition.Value);
                writer.Write(source);
            }

            writer.Write(Snapshot.Length);
            writer.Write(Snapshot);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint of this version.</exception>
    public static PartitionCheckpoint FromBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("not a CallMetrics partition checkpoint of this version");
            }

            var offset = reader.ReadInt64();
            var sources = new Dictionary<TopicPartition, int>();
            for (int i = 0, n = reader.ReadInt32(); i < n; i++)
            {
                sources[new TopicPartition(reader.ReadString(), new Partition(reader.ReadInt32()))] = reader.ReadInt32();
            }

            var snapshot = reader.ReadBytes(reader.ReadInt32());
            return new PartitionCheckpoint(offset, sources, snapshot);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("truncated CallMetrics partition checkpoint");
        }
    }
}
