using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using CallMetrics.Streaming.Checkpoints;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Wiring;
using Microsoft.Extensions.Options;

namespace CallMetrics.Hosting;

/// <summary>
/// Runs the service's graph for the life of the host, in an actor system of its own: Kafka → graph → InfluxDB, the
/// dead-letter topic and the live view; a checkpoint every <c>CheckpointInterval</c>. On stop (SIGTERM), the host runs
/// CoordinatedShutdown, whose service-stop phase stops consuming (the kill switch), lets the graph drain behind a
/// final barrier, and so writes the final checkpoint and commits once everything before it is durable.
/// </summary>
internal sealed class GraphHostedService(
    KafkaOptions kafka,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<MetricsSettings> metrics,
    InfluxSink sink,
    KafkaDeadLetterPublisher deadLetters,
    PipelineState state,
    IEnumerable<Streaming.Stages.IShardObserver> observers,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    ServiceAlerts? alerts = null) : BackgroundService
{
    private static readonly TimeSpan FinalCheckpointTimeout = TimeSpan.FromSeconds(25);
    private readonly ILogger _logger = loggers.CreateLogger<GraphHostedService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = pipelineOptions.Value;
        if (options.Mode == PipelineMode.Scaled)
        {
            await new ScaledService(
                kafka, options, metrics.Value.ToOptions(), sink, deadLetters, state, observers.FirstOrDefault(), time, loggers, alerts)
                .RunAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var stateDirectory = string.IsNullOrWhiteSpace(options.StateDirectory) ? null : options.StateDirectory;
        var checkpoint = stateDirectory is null ? null : CheckpointFile.TryRead(stateDirectory);
        if (checkpoint is not null && checkpoint.ShardSnapshots.Count != options.Shards)
        {
            throw new InvalidOperationException(
                $"{PipelineDefaults.SectionName}:Shards is {options.Shards} but the checkpoint in {stateDirectory} has {checkpoint.ShardSnapshots.Count} shards; "
                + "set it back, or move the checkpoint away to start afresh from the topics' beginning");
        }

        var channel = Channel.CreateBounded<KafkaRecordBatch>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, SingleWriter = true });
        using var consumer = new KafkaEventSource(kafka, channel.Writer, loggers.CreateLogger<KafkaEventSource>(), time);
        if (checkpoint is not null)
        {
            // The restored state belongs to these offsets, whatever the group committed since.
            consumer.StartOffsets = _ => checkpoint.NextOffsets;
            PipelineLog.Restored(_logger, CheckpointFile.PathIn(stateDirectory!), string.Join(", ", checkpoint.NextOffsets.Select(kv => $"{kv.Key.Topic}[{kv.Key.Partition.Value}]@{kv.Value}")));
        }
        else if (stateDirectory is null)
        {
            PipelineLog.NoStateDirectory(_logger);
            consumer.StartOffsets = partitions => partitions.ToDictionary(p => p, _ => (long)Confluent.Kafka.Offset.Beginning.Value);
        }

        var graph = new ServiceGraph(
            options,
            metrics.Value.ToOptions(),
            kafka.Topics,
            checkpoint,
            stateDirectory,
            channel.Reader,
            consumer,
            new InfluxSinkWriter(sink),
            sources => Flow.Create<StreamElement>().SelectAsync(1, new KafkaDeadLetterSink(deadLetters, sources, _logger).SendAsync).To(Sink.Ignore<StreamElement>()),
            observers.FirstOrDefault(),
            time,
            _logger,
            alerts);
        state.Statistics = graph.Statistics;
        state.Symbols = graph.Symbols;
        state.Source = consumer;
        var statistics = graph.Statistics;
        var checkpoints = graph.Checkpoints;
        var trigger = graph.Trigger;

        var system = ActorSystems.ForService(loggers);
        var (stop, done) = graph.Run(ActorSystems.Materializer(system));
        // Cancelled when the host stops or the graph ends on its own (a failed stage): the consumer and the loops
        // around the graph must not outlive it, or a failed graph would leave the process up, consuming nothing.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var consuming = consumer.RunAsync(running.Token);
        PipelineLog.Started(_logger, options.Shards, string.Join(",", kafka.Topics), sink.ToString() ?? "influx");

        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "drain-graph", async () =>
        {
            PipelineLog.Stopping(_logger);
            stop.Shutdown();
            await Task.WhenAny(done).ConfigureAwait(false);
            if (done.IsCompletedSuccessfully && stoppingToken.IsCancellationRequested)
            {
                // The final barrier's checkpoint waits for the sink; bounded below the host's shutdown timeout (30 s).
                await Task.WhenAny(checkpoints.Final, Task.Delay(FinalCheckpointTimeout, CancellationToken.None)).ConfigureAwait(false);
                await sink.FlushAsync(CancellationToken.None).WaitAsync(FinalCheckpointTimeout, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            deadLetters.Flush(CancellationToken.None);
            return Done.Instance;
        });

        using var progress = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        var progressLoop = ReportProgressAsync(statistics, progress, running.Token);
        var checkpointLoop = stateDirectory is null ? Task.CompletedTask : RequestCheckpointsAsync(trigger, options.CheckpointInterval, running.Token);
        await Task.WhenAny(done, Task.Delay(Timeout.Infinite, stoppingToken)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await running.CancelAsync().ConfigureAwait(false);
        await checkpointLoop.ConfigureAwait(false);
        await progressLoop.ConfigureAwait(false);
        try
        {
            await consuming.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // The graph ends only when told to: ended on its own (a failed stage, or a side output that gave up), the
        // service must not stay up consuming nothing while it looks healthy.
        // A stop whose final checkpoint could not be written is not a clean one either: a restart re-reads.
        var failure = done.IsFaulted ? done.Exception!.GetBaseException()
            : !stoppingToken.IsCancellationRequested ? new InvalidOperationException("the graph stopped on its own")
            : checkpoints.Final.IsFaulted ? checkpoints.Final.Exception!.GetBaseException()
            : null;
        if (failure is not null)
        {
            PipelineLog.StageFailed(_logger, failure);
            state.Failure = failure;
            lifetime.StopApplication();
            return;
        }

        Report(statistics);
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

    private async Task ReportProgressAsync(PipelineStatistics statistics, PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Report(statistics);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report(PipelineStatistics s)
    {
        var watermark = s.Watermark == long.MinValue ? "none" : Core.Decoding.Rfc3339.Format(s.Watermark);
        PipelineLog.Progress(_logger, s.RecordsIn, s.EventsAccepted, s.DeadLettered, s.Late, s.Duplicates, s.LinesOut, watermark);
    }
}
