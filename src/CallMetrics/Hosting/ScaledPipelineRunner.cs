using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using Confluent.Kafka;

using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;
using CallMetrics.Streaming.Wiring;

namespace CallMetrics.Hosting;

/// <summary>
/// Scaled mode (docs/OPERATIONS.md "Scaling out"): runs the two roles of one instance.
/// <code>
///   input topics ──router (group {GroupId}-router)──▶ {GroupId}-by-tenant, partition hash(tenant) % P, + progress markers
///   {GroupId}-by-tenant ──aggregator (group {GroupId})──▶ decode ──▶ shard k per partition k ──▶ InfluxDB
///                                        shard k's state ⇄ {GroupId}-checkpoints partition k
/// </code>
/// </summary>
internal sealed class ScaledPipelineRunner(
    KafkaOptions kafka,
    PipelineOptions options,
    Core.Options.MetricsOptions metrics,
    InfluxSink sink,
    KafkaDeadLetterPublisher deadLetters,
    PipelineState state,
    IShardObserver? observer,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CheckpointReadTimeout = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggers.CreateLogger<ScaledPipelineRunner>();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var partitions = options.RepartitionPartitions;
        var repartitionTopic = options.RepartitionTopicFor(kafka.GroupId);
        var checkpointTopic = options.CheckpointTopicFor(kafka.GroupId);
        if (options.SourceIdleTimeout < 2 * kafka.SessionTimeout)
        {
            ScaledLog.IdleTimeoutTooShort(_logger, options.SourceIdleTimeout, kafka.SessionTimeout);
        }

        var origins = await Task.Run(() => ReadLayout(repartitionTopic, checkpointTopic, partitions), stoppingToken).ConfigureAwait(false);
        ScaledLog.Started(_logger, repartitionTopic, partitions, checkpointTopic, string.Join(", ", origins));

        var deadLetterDestination = new KafkaDeadLetters(deadLetters);
        var pipeline = new EventPipeline(
            options, metrics, new InfluxSinkWriter(sink), deadLetterDestination, time, _logger, restoreFrom: null, observer, inputTopics: null,
            scaled: new ScaledInput(repartitionTopic, partitions, origins));
        state.Statistics = pipeline.Statistics;
        state.Symbols = pipeline.Symbols;
        using var store = new CheckpointTopicStore(kafka, checkpointTopic, _logger);
        using var producer = new KafkaEventProducer(kafka, loggers.CreateLogger<KafkaEventProducer>());
        var router = new TenantRouter(producer, deadLetterDestination, repartitionTopic, partitions);

        KafkaEventSource? routerSource = null;
        using var routerInput = new KafkaEventSource(
            kafka.ForGroup(kafka.GroupId + "-router", kafka.Topics),
            async (batch, cancellationToken) => routerSource!.StoreOffsets(await router.RouteAsync(batch, cancellationToken).ConfigureAwait(false)),
            loggers.CreateLogger<KafkaEventSource>(),
            time);
        routerSource = routerInput;

        using var source = new KafkaEventSource(kafka.ForGroup(kafka.GroupId, [repartitionTopic]), pipeline.Input.Writer, loggers.CreateLogger<KafkaEventSource>(), time);
        var starts = new Dictionary<int, long>();
        source.PartitionsAssigned += (_, e) => Assign(e.Partitions, pipeline, store, repartitionTopic, starts);
        source.PartitionsRevoked += (_, e) =>
        {
            foreach (var partition in e.Partitions)
            {
                pipeline.Decode.OnShardRevoked(partition.Partition.Value);
            }
        };
        source.StartOffsets = assigned => assigned.ToDictionary(p => p, p => starts[p.Partition.Value]);
        state.Source = source;

        using var failed = new CancellationTokenSource();
        var graph = pipeline.RunAsync(failed.Token);
        var checkpointer = new PartitionCheckpointer(pipeline, source, store, options.CheckpointInterval, time, _logger);
        using var stopCheckpoints = new CancellationTokenSource();
        var checkpoints = checkpointer.RunAsync(stopCheckpoints.Token);

        // Either role failing stops both: the instance leaves the groups and the others take over its partitions.
        using var stopRoles = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var aggregating = source.RunAsync(stopRoles.Token);
        var routing = routerInput.RunAsync(stopRoles.Token);
        Exception? failure = null;
        try
        {
            await Task.WhenAny(aggregating, routing).ConfigureAwait(false);
        }
        finally
        {
            await stopRoles.CancelAsync().ConfigureAwait(false);
            foreach (var role in new[] { aggregating, routing })
            {
                try
                {
                    await role.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped: by the host, or because the other role failed (that failure is reported).
                }
#pragma warning disable CA1031 // Whatever stopped a role is rethrown below, after the graph has drained.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failure ??= exception;
                }
            }

            PipelineLog.Stopping(_logger);
            pipeline.Input.Writer.TryComplete();
        }

        // No final checkpoint: leaving the group revoked every partition, so the shards have dropped their
        // state; the next owners resume from the last periodic checkpoint (output is idempotent).
        await stopCheckpoints.CancelAsync().ConfigureAwait(false);
        await checkpoints.ConfigureAwait(false);
        await graph.ConfigureAwait(false);
        await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        deadLetters.Flush(CancellationToken.None);
        if (failure is not null)
        {
            PipelineLog.StageFailed(_logger, failure);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        ScaledLog.Stopped(_logger, router.Routed, router.DeadLettered);
        PipelineLog.Stopped(_logger);
    }

    // On the aggregator's consumer thread, before the partitions are fetched: read each partition's last
    // checkpoint and queue the restore for its shard; StartOffsets then seeks to the checkpoint's offset.
    private void Assign(IReadOnlyList<TopicPartition> assigned, EventPipeline pipeline, CheckpointTopicStore store, string repartitionTopic, Dictionary<int, long> starts)
    {
        var ks = assigned.Select(p => p.Partition.Value).ToList();
        var checkpoints = store.ReadLast(ks, CheckpointReadTimeout);
        var fresh = ks.Where(k => !checkpoints.ContainsKey(k)).ToList();
        var lows = fresh.Count == 0 ? [] : store.LowWatermarks(repartitionTopic, fresh, CheckpointReadTimeout);
        foreach (var k in ks)
        {
            var checkpoint = checkpoints.GetValueOrDefault(k);
            var start = checkpoint?.NextOffset ?? lows[k];
            starts[k] = start;
            pipeline.Decode.OnShardAssigned(k, checkpoint, start);
            ScaledLog.PartitionAssigned(_logger, repartitionTopic, k, start, checkpoint is null ? "no checkpoint: empty state" : "restored its checkpoint");
        }
    }

    // The origin partitions (every partition of the input topics, each an engine source of every shard) and a
    // check that the internal topics exist with P partitions: auto-created ones would get the broker's default.
    private List<TopicPartition> ReadLayout(string repartitionTopic, string checkpointTopic, int partitions)
    {
        using var admin = KafkaClientConfigs.BuildRedacted(kafka, () => new AdminClientBuilder(KafkaClientConfigs.ForAdmin(kafka)).Build());
        var deadline = time.GetTimestamp();
        while (true)
        {
            var metadata = admin.GetMetadata(MetadataTimeout);
            var problems = new List<string>();
            var origins = new List<TopicPartition>();
            foreach (var topic in kafka.Topics)
            {
                var found = metadata.Topics.Find(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0);
                if (found is null)
                {
                    problems.Add($"input topic {topic} does not exist");
                    continue;
                }

                origins.AddRange(found.Partitions.Select(p => new TopicPartition(topic, new Partition(p.PartitionId))).OrderBy(p => p.Partition.Value));
            }

            foreach (var topic in new[] { repartitionTopic, checkpointTopic })
            {
                var found = metadata.Topics.Find(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
                if (found is null || found.Partitions.Count == 0)
                {
                    problems.Add($"topic {topic} does not exist: create it with {partitions} partitions ({PipelineDefaults.SectionName}:RepartitionPartitions)");
                }
                else if (found.Partitions.Count != partitions)
                {
                    throw new InvalidOperationException(
                        $"topic {topic} has {found.Partitions.Count} partitions but {PipelineDefaults.SectionName}:RepartitionPartitions is {partitions}");
                }
            }

            if (problems.Count == 0)
            {
                return origins;
            }

            if (time.GetElapsedTime(deadline) > MetadataTimeout)
            {
                throw new InvalidOperationException("Scaled mode cannot start: " + string.Join("; ", problems));
            }

            Thread.Sleep(TimeSpan.FromSeconds(1));
        }
    }
}
