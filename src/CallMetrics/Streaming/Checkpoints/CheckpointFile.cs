using Confluent.Kafka;

namespace CallMetrics.Streaming.Checkpoints;

/// <summary>
/// The checkpoint on disk: offsets to resume from, the partition numbering, and the shards' engine
/// snapshots, written to a temporary file, flushed to the device and renamed over the previous one, so
/// a crash leaves either the old checkpoint or the new one, never half of one.
/// </summary>
internal sealed record CheckpointFile(
    IReadOnlyDictionary<TopicPartition, long> NextOffsets,
    IReadOnlyDictionary<TopicPartition, int> Sources,
    IReadOnlyList<byte[]> ShardSnapshots)
{
    public const string FileName = "checkpoint.bin";
    private const string Magic = "callmetrics-checkpoint-1";

    public static string PathIn(string directory) => System.IO.Path.Combine(directory, FileName);

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, FileName + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(NextOffsets.Count);
                foreach (var (partition, offset) in NextOffsets)
                {
                    writer.Write(partition.Topic);
                    writer.Write(partition.Partition.Value);
                    writer.Write(offset);
                }

                writer.Write(Sources.Count);
                foreach (var (partition, source) in Sources)
                {
                    writer.Write(partition.Topic);
                    writer.Write(partition.Partition.Value);
                    writer.Write(source);
                }

                writer.Write(ShardSnapshots.Count);
                foreach (var snapshot in ShardSnapshots)
                {
                    writer.Write(snapshot.Length);
                    writer.Write(snapshot);
                }
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, PathIn(directory), overwrite: true);
    }

    /// <summary>Reads the checkpoint in <paramref name="directory"/>; null when there is none.</summary>
    public static CheckpointFile? TryRead(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException($"{path} is not a CallMetrics checkpoint of this version");
        }

        var offsets = new Dictionary<TopicPartition, long>();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            offsets[new TopicPartition(reader.ReadString(), new Partition(reader.ReadInt32()))] = reader.ReadInt64();
        }

        var sources = new Dictionary<TopicPartition, int>();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            sources[new TopicPartition(reader.ReadString(), new Partition(reader.ReadInt32()))] = reader.ReadInt32();
        }

        var snapshots = new List<byte[]>();
        for (int i = 0, n = reader.ReadInt32(); i < n; i++)
        {
            snapshots.Add(reader.ReadBytes(reader.ReadInt32()));
        }

        return new CheckpointFile(offsets, sources, snapshots);
    }
}
