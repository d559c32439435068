using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace CallMetrics.Kafka;

/// <summary>
/// Notices when the dev broker (<see cref="MockKafkaCluster"/>) has dropped records: librdkafka's mock keeps
/// only <see cref="MockKafkaCluster.RetainedBytesPerPartition"/> bytes or
/// <see cref="MockKafkaCluster.RetainedBatchesPerPartition"/> batches per partition and silently deletes the oldest
/// beyond that, which moves the partition's log-start offset (its low watermark) above 0.
/// </summary>
/// <remarks>
/// Each <see cref="CheckAsync"/> lists the cluster's topics and asks for every partition's earliest offset (one
/// metadata request and one ListOffsets request); it reports a partition when its log-start offset is higher
/// than at the previous check. Nothing else deletes records on the mock (the service never calls DeleteRecords),
/// so a log-start offset above 0 means records were dropped. Not thread-safe: one caller, one loop.
/// </remarks>
public sealed class MockClusterRetentionWatch : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly IAdminClient _admin;
    private readonly Dictionary<TopicPartition, long> _reported = [];

    /// <summary>Connects to the cluster at <paramref name="bootstrapServers"/>.</summary>
    public MockClusterRetentionWatch(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        KafkaNative.EnsureLoaded();
        _admin = new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "callmetrics-dev-broker-retention",
        }).SetLogHandler(static (_, _) => { }).Build();
    }

    /// <summary>
    /// The partitions whose oldest records were dropped since the previous check, with their new log-start
    /// offset (the number of records lost so far from the start of the partition).
    /// </summary>
    /// <exception cref="KafkaException">The cluster did not answer.</exception>
    public async Task<IReadOnlyList<DroppedRecords>> CheckAsync()
    {
        Metadata metadata = _admin.GetMetadata(RequestTimeout);
        List<TopicPartitionOffsetSpec> request = [];
        foreach (TopicMetadata topic in metadata.Topics)
        {
            foreach (PartitionMetadata partition in topic.Partitions)
            {
                request.Add(new TopicPartitionOffsetSpec
                {
                    TopicPartition = new TopicPartition(topic.Topic, partition.PartitionId),
                    OffsetSpec = OffsetSpec.Earliest(),
                });
            }
        }

        if (request.Count == 0)
        {
            return [];
        }

        ListOffsetsResult result = await _admin.ListOffsetsAsync(request, new ListOffsetsOptions { RequestTimeout = RequestTimeout })
            .ConfigureAwait(false);
        List<DroppedRecords> dropped = [];
        foreach (ListOffsetsResultInfo info in result.ResultInfos)
        {
            TopicPartition partition = info.TopicPartitionOffsetError.TopicPartition;
            long logStart = info.TopicPartitionOffsetError.Offset.Value;
            long previous = _reported.GetValueOrDefault(partition);
            if (logStart > previous)
            {
                _reported[partition] = logStart;
                dropped.Add(new DroppedRecords(partition.Topic, partition.Partition.Value, logStart));
            }
        }

        dropped.Sort(static (a, b) => (a.Topic, a.Partition).CompareTo((b.Topic, b.Partition)));
        return dropped;
    }

    /// <summary>Closes the watch's client.</summary>
    public void Dispose() => _admin.Dispose();
}
