using System.Diagnostics;
using CallMetrics.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Pipeline;

/// <summary>
/// Checkpoints of repartition partitions kept in a Kafka topic (scaled mode): the checkpoint of repartition
/// partition k is a message on partition k of the checkpoint topic, and only the last one counts. State
/// thus lives where every instance can read it, and moves with its partition.
/// </summary>
/// <remarks>
/// Each message is a whole, self-consistent checkpoint (a snapshot and the offset it belongs to, written
/// only once the output before it is durable), so whichever owner wrote the last one, resuming from it
/// gives the same series. The topic may be compacted by key (the key is the partition number).
/// Reads happen on the aggregator's consumer thread (assignment), writes on the checkpointer's task.
/// </remarks>
internal sealed class CheckpointTopicStore : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly Lazy<IConsumer<byte[]?, byte[]>> _reader;
    private readonly Lock _readGate = new();

    public CheckpointTopicStore(KafkaOptions options, string topic, ILogger logger)
    {
        _options = options;
        Topic = topic;
        ProducerConfig config = KafkaClientConfigs.ForProducer(options, static c =>
        {
            c.EnableIdempotence = true;
            c.Acks = Acks.All;
            c.LingerMs = 0;
        });
        _producer = KafkaClientConfigs.BuildRedacted(options, () => new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(logger, options, message))
            .SetErrorHandler((_, error) => KafkaLog.Error(logger, options, error))
            .Build());
        _reader = new Lazy<IConsumer<byte[]?, byte[]>>(() =>
        {
            ConsumerConfig reader = KafkaClientConfigs.ForReader(options, options.GroupId + "-checkpoint-reader");
            return KafkaClientConfigs.BuildRedacted(options, () => new ConsumerBuilder<byte[]?, byte[]>(reader)
                .SetLogHandler((_, message) => KafkaLog.Write(logger, options, message))
                .SetErrorHandler((_, error) => KafkaLog.Error(logger, options, error))
                .Build());
        });
    }

    /// <summary>The checkpoint topic.</summary>
    public string Topic { get; }

    /// <summary>Writes the checkpoint of repartition partition <paramref name="partition"/>; completes once the brokers have it.</summary>
    public async Task WriteAsync(int partition, PartitionCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Key = System.Text.Encoding.UTF8.GetBytes(partition.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Value = checkpoint.ToBytes(),
        };
        try
        {
            await _producer.ProduceAsync(new TopicPartition(Topic, new Partition(partition)), message, cancellationToken).ConfigureAwait(false);
        }
        catch (ProduceException<byte[]?, byte[]> e)
        {
            throw new KafkaException(new Error(e.Error.Code, KafkaClientConfigs.Redact(_options, e.Error.Reason)));
        }
    }

    /// <summary>
    /// The last checkpoint of each of <paramref name="partitions"/>; partitions that have none are left out.
    /// Blocks (the caller is the consumer thread during an assignment, before the partitions are fetched).
    /// </summary>
    /// <exception cref="TimeoutException">A checkpoint could not be read within <paramref name="timeout"/>.</exception>
    public Dictionary<int, PartitionCheckpoint> ReadLast(IReadOnlyCollection<int> partitions, TimeSpan timeout)
    {
        var found = new Dictionary<int, PartitionCheckpoint>();
        var waited = Stopwatch.StartNew();
        lock (_readGate)
        {
            var reader = _reader.Value;
            var wanted = new Dictionary<int, long>();
            foreach (var k in partitions)
            {
                var marks = reader.QueryWatermarkOffsets(new TopicPartition(Topic, new Partition(k)), timeout);
                if (marks.High.Value > marks.Low.Value)
                {
                    wanted[k] = marks.High.Value - 1;
                }
            }

            if (wanted.Count == 0)
            {
                return found;
            }

            reader.Assign(wanted.Select(kv => new TopicPartitionOffset(Topic, new Partition(kv.Key), new Offset(kv.Value))));
            try
            {
                while (wanted.Count > 0)
                {
                    var left = timeout - waited.Elapsed;
                    if (left <= TimeSpan.Zero)
                    {
                        throw new TimeoutException(
                            $"Could not read the last checkpoint of {Topic} partition(s) {string.Join(",", wanted.Keys)} within {timeout}");
                    }

                    var result = reader.Consume(left);
                    if (result?.Message is null || !wanted.TryGetValue(result.Partition.Value, out var last) || result.Offset.Value < last)
                    {
                        continue;
                    }

                    found[result.Partition.Value] = PartitionCheckpoint.FromBytes(result.Message.Value);
                    wanted.Remove(result.Partition.Value);
                }
            }
            finally
            {
                reader.Unassign();
            }
        }

        return found;
    }

    /// <summary>The first offset still in each partition of <paramref name="topic"/> (where a partition without checkpoint starts).</summary>
    public Dictionary<int, long> LowWatermarks(string topic, IReadOnlyCollection<int> partitions, TimeSpan timeout)
    {
        lock (_readGate)
        {
            return partitions.ToDictionary(k => k, k => _reader.Value.QueryWatermarkOffsets(new TopicPartition(topic, new Partition(k)), timeout).Low.Value);
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        if (_reader.IsValueCreated)
        {
            _reader.Value.Close();
            _reader.Value.Dispose();
        }
    }
}
