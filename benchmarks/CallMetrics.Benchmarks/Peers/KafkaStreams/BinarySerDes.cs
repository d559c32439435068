using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>
/// The shape of the compact serdes of the internal topics and state stores: a <see cref="BinaryWriter"/> and
/// <see cref="BinaryReader"/> over the record's bytes, cheaper than the JSON serdes Streamiz ships.
/// </summary>
internal abstract class BinarySerDes<T> : AbstractSerDes<T>
{
    public sealed override T Deserialize(byte[] data, SerializationContext context)
    {
        using var reader = new BinaryReader(new MemoryStream(data, writable: false));
        return Read(reader);
    }

    public sealed override byte[] Serialize(T data, SerializationContext context)
    {
        using var buffer = new MemoryStream(64);
        using (var writer = new BinaryWriter(buffer))
        {
            Write(writer, data);
        }

        return buffer.ToArray();
    }

    protected abstract T Read(BinaryReader reader);

    protected abstract void Write(BinaryWriter writer, T value);

    protected static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    protected static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
