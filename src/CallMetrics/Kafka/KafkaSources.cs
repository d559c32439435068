using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// The Kafka port's numbering of partitions as graph sources (and engine sources): dense numbers in order of first
/// sight, kept in checkpoints so a restored engine's per-source watermarks still mean the same partitions. The
/// inner stages only see the numbers. Thread-safe.
/// </summary>
internal sealed class KafkaSources
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Topic, int Partition), int> _sources = [];
    private readonly List<TopicPartition> _partitions = [];
    private readonly List<string> _topics;

    /// <summary>Creates the numbering, restored from a checkpoint's when given.</summary>
    /// <param name="restored">A checkpoint's numbering, or none.</param>
    /// <param name="topics">The input topics in configured order (what <see cref="IdentityOf"/> numbers topics by).</param>
    public KafkaSources(IReadOnlyDictionary<TopicPartition, int>? restored = null, IEnumerable<string>? topics = null)
    {
        _topics = [.. topics ?? []];
        foreach (var (partition, source) in (restored ?? new Dictionary<TopicPartition, int>()).OrderBy(kv => kv.Value))
        {
            while (_partitions.Count < source)
            {
                _partitions.Add(new TopicPartition(string.Empty, Partition.Any));
            }

            _partitions.Add(partition);
            _sources[(partition.Topic, partition.Partition.Value)] = source;
        }
    }

    /// <summary>The source number of a partition, numbering it when new.</summary>
    public int SourceOf(string topic, int partition)
    {
        lock (_gate)
        {
            if (!_sources.TryGetValue((topic, partition), out var source))
            {
                source = _partitions.Count;
                _partitions.Add(new TopicPartition(topic, new Partition(partition)));
                _sources.Add((topic, partition), source);
            }

            return source;
        }
    }

    /// <summary>The partition of a source number.</summary>
    public TopicPartition PartitionOf(int source)
    {
        lock (_gate)
        {
            return _partitions[source];
        }
    }

    /// <summary>What source <paramref name="source"/> is, whatever its number: its topic's index among the input topics and its partition.</summary>
    public Streaming.Elements.SourceIdentity IdentityOf(int source)
    {
        var partition = PartitionOf(source);
        return new Streaming.Elements.SourceIdentity(_topics.IndexOf(partition.Topic), partition.Partition.Value);
    }

    /// <summary>The numbering now, as a checkpoint keeps it.</summary>
    public Dictionary<TopicPartition, int> Snapshot()
    {
        lock (_gate)
        {
            return _sources.ToDictionary(kv => new TopicPartition(kv.Key.Topic, new Partition(kv.Key.Partition)), kv => kv.Value);
        }
    }

    /// <summary>Offsets by source number as offsets by partition.</summary>
    public Dictionary<TopicPartition, long> ToPartitions(IReadOnlyDictionary<int, long> offsets) =>
        offsets.ToDictionary(kv => PartitionOf(kv.Key), kv => kv.Value);

    /// <summary>Offsets by partition as offsets by source number.</summary>
    public Dictionary<int, long> ToSources(IReadOnlyDictionary<TopicPartition, long> offsets) =>
        offsets.ToDictionary(kv => SourceOf(kv.Key.Topic, kv.Key.Partition.Value), kv => kv.Value);
}
