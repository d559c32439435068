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
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<PipelineHostedService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = new EventPipeline(
            pipelineOptions.Value,
            metrics.Value.ToOptions(),
            new InfluxSinkWriter(sink),
            new KafkaDeadLetters(deadLetters),
            time,
            _logger);
        state.Pipeline = pipeline;
        using var source = new KafkaEventSource(kafka, pipeline.Input.Writer, loggers.CreateLogger<KafkaEventSource>(), time);
        source.PartitionsAssigned += (_, e) => pipeline.OnAssigned(e.Partitions);
        source.PartitionsRevoked += (_, e) => pipeline.OnRevoked(e.Partitions);
        state.Source = source;
        PipelineLog.Started(_logger, pipelineOptions.Value.Shards, string.Join(",", kafka.Topics), sink.ToString() ?? "influx");

        // The graph is not cancelled by the stop signal: it drains what the source already handed over.
        using var failed = new CancellationTokenSource();
        var graph = pipeline.RunAsync(takeBarrier: null, failed.Token);
        using var progress = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        var progressLoop = ReportProgressAsync(pipeline, progress, stoppingToken);
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

        await graph.ConfigureAwait(false);
        await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        deadLetters.Flush(CancellationToken.None);
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
