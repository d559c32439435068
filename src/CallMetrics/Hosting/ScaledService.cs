using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Wiring;
using Confluent.Kafka;

namespace CallMetrics.Hosting;

/// <summary>
/// Scaled mode (docs/OPERATIONS.md "Scaling out"): runs the two roles of one instance.
/// <code>
///   input topics ──router (group {GroupId}-router)──▶ {GroupId}-by-tenant, partition hash(tenant) % P, + progress markers
///   {GroupId}-by-tenant ──aggregator (group {GroupId})──▶ the graph (ScaledGraph): shard k per partition k ──▶ InfluxDB
///                                        shard k's state ⇄ {GroupId}-checkpoints partition k
/// </code>
/// On stop, the aggregator's graph drains behind a final barrier, so every partition it owns is checkpointed where it
/// stopped before the instance leaves the group.
/// </summary>
internal sealed class ScaledService(
    KafkaOptions kafka,
    PipelineOptions options,
    Core.Options.MetricsOptions metrics,
    InfluxSink sink,
    KafkaDeadLetterPublisher deadLetters,
    PipelineState state,
    Streaming.Stages.IShardObserver? observer,
    TimeProvider time,
    ILoggerFactory loggers,
    ServiceAlerts? alerts = null)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FinalCheckpointTimeout = TimeSpan.FromSeconds(20);
    private readonly ILogger _logger = loggers.CreateLogger<ScaledService>();

    /// <summary>Runs both roles until stopped; throws what stopped a role or the graph.</summary>
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

        using var store = new CheckpointTopicStore(kafka, checkpointTopic, _logger);
        using var producer = new KafkaEventProducer(kafka, loggers.CreateLogger<KafkaEventProducer>());
        var router = new TenantRouter(producer, new KafkaDeadLetters(deadLetters), repartitionTopic, partitions);
        KafkaEventSource? routerSource = null;
        using var routerInput = new KafkaEventSource(
            kafka.ForGroup(kafka.GroupId + "-router", kafka.Topics),
            async (batch, cancellationToken) => routerSource!.StoreOffsets(await router.RouteAsync(batch, cancellationToken).ConfigureAwait(false)),
            loggers.CreateLogger<KafkaEventSource>(),
            time);
        routerSource = routerInput;

        var channel = Channel.CreateBounded<KafkaRecordBatch>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, SingleWriter = true });
        using var consumer = new KafkaEventSource(kafka.ForGroup(kafka.GroupId, [repartitionTopic]), channel.Writer, loggers.CreateLogger<KafkaEventSource>(), time);
        var graph = new ScaledGraph(
            options,
            metrics,
            repartitionTopic,
            origins,
            store,
            channel.Reader,
            consumer,
            new InfluxSinkWriter(sink),
            sources => Flow.Create<StreamElement>().SelectAsync(1, new KafkaDeadLetterSink(deadLetters, sources, _logger).SendAsync).To(Sink.Ignore<StreamElement>()),
            observer,
            time,
            _logger,
            alerts);
        state.Statistics = graph.Statistics;
        state.Symbols = graph.Symbols;
        state.Source = consumer;

        var system = ActorSystems.ForService(loggers);
        var (stop, done) = graph.Run(ActorSystems.Materializer(system));

        // Either role failing stops both: the instance leaves the groups and the others take over its partitions.
        using var stopRoles = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var aggregating = consumer.RunAsync(stopRoles.Token);
        var routing = routerInput.RunAsync(stopRoles.Token);
        var checkpointLoop = RequestCheckpointsAsync(graph.Trigger, options.CheckpointInterval, stopRoles.Token);
        Exception? failure = null;
        try
        {
            await Task.WhenAny(done, aggregating, routing, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            // The aggregator stops first, through the graph's kill switch: a final barrier follows its last record, and
            // its checkpoints are written before the consumer leaves the group.
            PipelineLog.Stopping(_logger);
            stop.Shutdown();
            await Task.WhenAny(done, Task.Delay(FinalCheckpointTimeout, CancellationToken.None)).ConfigureAwait(false);
            if (done.IsCompletedSuccessfully)
            {
                await Task.WhenAny(graph.Checkpoints.Final, Task.Delay(FinalCheckpointTimeout, CancellationToken.None)).ConfigureAwait(false);
            }

            await stopRoles.CancelAsync().ConfigureAwait(false);
            await checkpointLoop.ConfigureAwait(false);
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
#pragma warning disable CA1031 // Whatever stopped a role is rethrown below, once the graph has drained.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failure ??= exception;
                }
            }

            await sink.FlushAsync(CancellationToken.None).WaitAsync(FinalCheckpointTimeout, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            deadLetters.Flush(CancellationToken.None);
            await system.Terminate().ConfigureAwait(false);
        }

        // The graph ends only when told to: ended on its own, the instance must not stay up consuming nothing.
        failure ??= done.IsFaulted ? done.Exception!.GetBaseException()
            : stoppingToken.IsCancellationRequested ? null
            : new InvalidOperationException("the graph stopped on its own");
        if (failure is not null)
        {
            PipelineLog.StageFailed(_logger, failure);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        ScaledLog.Stopped(_logger, router.Routed, router.DeadLettered);
        PipelineLog.Stopped(_logger);
    }

    private static async Task RequestCheckpointsAsync(Streaming.Stages.BarrierTrigger trigger, TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                trigger.Request();
            }
        }
        catch (OperationCanceledException)
        {
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
