using CallMetrics.Influx;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;
using Microsoft.Extensions.Options;

namespace CallMetrics.Hosting;

/// <summary>
/// Runs the graph for the life of the host: Kafka source → pipeline → InfluxDB sink. On stop it stops
/// consuming, lets the graph drain, flushes the sink and only then returns (graceful shutdown).
/// </summary>
internal sealed class PipelineHostedService(
    KafkaOptions kafka,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<MetricsSettings> metrics,
    InfluxSink sink,
    KafkaDeadLetterPublisher deadLetters,
    PipelineState state,
    IEnumerable<IShardObserver> observers,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<PipelineHostedService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = pipelineOptions.Value;
        if (options.Mode == PipelineMode.Scaled)
        {
            await new ScaledPipelineRunner(
                kafka, options, metrics.Value.ToOptions(), sink, deadLetters, state, observers.FirstOrDefault(), time, loggers)
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

        var pipeline = new EventPipeline(
            options,
            metrics.Value.ToOptions(),
            new InfluxSinkWriter(sink),
            new KafkaDeadLetters(deadLetters),
            time,
            _logger,
            checkpoint,
            observers.FirstOrDefault(),
            kafka.Topics);
        state.Pipeline = pipeline;
        using var source = new KafkaEventSource(kafka, pipeline.Input.Writer, loggers.CreateLogger<KafkaEventSource>(), time);
        source.PartitionsAssigned += (_, e) => pipeline.OnAssigned(e.Partitions);
        source.PartitionsRevoked += (_, e) => pipeline.OnRevoked(e.Partitions);
        if (checkpoint is not null)
        {
            // The restored state belongs to these offsets, whatever the group committed since.
            source.StartOffsets = _ => checkpoint.NextOffsets;
            PipelineLog.Restored(_logger, CheckpointFile.PathIn(stateDirectory!), string.Join(", ", checkpoint.NextOffsets.Select(kv => $"{kv.Key.Topic}[{kv.Key.Partition.Value}]@{kv.Value}")));
        }
        else if (stateDirectory is null)
        {
            PipelineLog.NoStateDirectory(_logger);
            source.StartOffsets = partitions => partitions.ToDictionary(p => p, _ => (long)Confluent.Kafka.Offset.Beginning.Value);
        }

        pipeline.Decode.IsCaughtUp = source.IsCaughtUp;
        state.Source = source;
        PipelineLog.Started(_logger, options.Shards, string.Join(",", kafka.Topics), sink.ToString() ?? "influx");

        // The graph is not cancelled by the stop signal: it drains what the source already handed over.
        using var failed = new CancellationTokenSource();
        var graph = pipeline.RunAsync(failed.Token);
        using var progress = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        var progressLoop = ReportProgressAsync(pipeline, progress, stoppingToken);
        var checkpointer = stateDirectory is null ? null : new Checkpointer(pipeline, source, stateDirectory, options.CheckpointInterval, time, _logger);
        using var stopCheckpoints = new CancellationTokenSource();
        var checkpoints = checkpointer?.RunAsync(stopCheckpoints.Token) ?? Task.CompletedTask;
        try
        {
            await source.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            PipelineLog.Stopping(_logger);
            pipeline.Input.Writer.TryComplete();
        }

        await stopCheckpoints.CancelAsync().ConfigureAwait(false);
        await checkpoints.ConfigureAwait(false);
        await graph.ConfigureAwait(false);
        await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        deadLetters.Flush(CancellationToken.None);
        checkpointer?.CommitFinal();
        await progressLoop.ConfigureAwait(false);
        Report(pipeline);
        PipelineLog.Stopped(_logger);
    }

    private async Task ReportProgressAsync(EventPipeline pipeline, PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Report(pipeline);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report(EventPipeline pipeline)
    {
        var s = pipeline.Statistics;
        var watermark = s.Watermark == long.MinValue ? "none" : Core.Decoding.Rfc3339.Format(s.Watermark);
        PipelineLog.Progress(_logger, s.RecordsIn, s.EventsAccepted, s.DeadLettered, s.Late, s.Duplicates, s.LinesOut, watermark);
    }
}
