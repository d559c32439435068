using Confluent.Kafka;

namespace CallMetrics.Streaming.Checkpoints;

/// <summary>
/// The checkpoint on disk: offsets to resume from, the partition numbering, the shards' engine snapshots and the
/// translators' states of vendor-format partitions (docs/GRAPH.md "Checkpoints"), written to a temporary file, flushed to the device and renamed over the previous one, so
/// a crash leaves either the old checkpoint or the new one, never half of one.
/// </summary>
internal sealed record CheckpointFile(
    IReadOnlyDictionary<TopicPartition, long> NextOffsets,
    IReadOnlyDictionary<TopicPartition, int> Sources,
    IReadOnlyList<byte[]> ShardSnapshots,
    IReadOnlyDictionary<TopicPartition, byte[]> TranslatorStates)
{
    public const string FileName = "checkpoint.bin";
    private const string Magic = "callmetrics-checkpoint-2";

    // Version 1 had no translator states: read as none (canonical topics lose nothing; a vendor topic's translator
    // starts empty, as it did before states were kept).
    private const string MagicVersion1 = "callmetrics-checkpoint-1";

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

                writer.Write(TranslatorStates.Count);
                foreach (var (partition, state) in TranslatorStates)
                {
                    writer.Write(partition.Topic);
                    writer.Write(partition.Partition.Value);
                    writer.Write(state.Length);
                    writer.Write(state);
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
        var magic = reader.ReadString();
        if (magic is not Magic and not MagicVersion1)
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

        var translators = new Dictionary<TopicPartition, byte[]>();
        for (int i = 0, n = magic == Magic ? reader.ReadInt32() : 0; i < n; i++)
        {
            translators[new TopicPartition(reader.ReadString(), new Partition(reader.ReadInt32()))] = reader.ReadBytes(reader.ReadInt32());
        }

        return new CheckpointFile(offsets, sources, snapshots, translators);
    }
}
