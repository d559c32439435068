using Akka.Streams.Dsl;
using Akka.Util;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Processing;
using CallMetrics.Files;
using CallMetrics.Inputs;
using PipelineStatistics = CallMetrics.Pipeline.PipelineStatistics;
using CallMetrics.Replay;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// <c>callmetrics replay</c>'s wiring of <see cref="MetricsGraph"/>: a file or standard input in line-aligned
/// chunks, one engine, line protocol to the output writer in input order, dead letters to the dead-letter file.
/// </summary>
internal static class ReplayWiring
{
    /// <summary>Replays <paramref name="input"/> to the end.</summary>
    /// <exception cref="IOException">The input could not be read.</exception>
    public static async Task<ReplaySummary> RunAsync(
        MetricsOptions options,
        Stream input,
        TextWriter output,
        DeadLetterFileWriter deadLetters,
        IEventTranslator? translator,
        CancellationToken cancellationToken,
        ReplayAlerts? alerts = null)
    {
        var symbols = new SymbolTable();
        var releases = new SymbolReleases(symbols);
        var statistics = new PipelineStatistics();
        var windows = new WindowPool();
        var formatter = new WindowFormatter(symbols, translator?.UnavailableFields, windows);
        EngineShard? shard = null;
        var engine = new EngineStage(() => shard = new EngineShard(
            0,
            sink => alerts is null
                ? new MetricsEngine(options, sink, clock: null, releaseSymbol: releases.ReleaseScope(0), names: symbols)
                : alerts.Engine(options, sink, symbols, translator?.UnavailableFields, releases.ReleaseScope(0)),
            symbols,
            windows,
            statistics) { Releases = releases });

        var reader = new LineChunkReader(input);
        long linesWritten = 0;
        Task deadLettersWritten = Task.CompletedTask;
        var deadLetterSink = Sink.ForEach<StreamElement>(e =>
        {
            foreach (var letter in ((DeadLetterBatch)e).Letters)
            {
                deadLetters.Write(letter.Position.Offset, letter.Reason, letter.Value);
            }
        }).MapMaterializedValue(written =>
        {
            // A dead-letter file that cannot be written ends the graph: its failure is the one to report.
            deadLettersWritten = written;
            return Akka.NotUsed.Instance;
        });
        Sink<StreamElement, Task> outputSink = Sink.ForEach<StreamElement>(e =>
        {
            if (e is LineBatch lines)
            {
                output.Write(lines.Text);
                linesWritten += lines.Lines;
                formatter.Return(lines);
            }
        }).MapMaterializedValue(done => (Task)done);

        using var system = ActorSystems.ForReplay();
        try
        {
            var chunks = Source.UnfoldAsync(reader, async r => await r.NextAsync(cancellationToken).ConfigureAwait(false) is { } next
                ? Option<(LineChunkReader, StreamElement)>.Create((r, next))
                : Option<(LineChunkReader, StreamElement)>.None);
            await MetricsGraph.Replay(chunks, new RecordTranslator(_ => translator), new BatchDecoder(symbols), releases, engine, deadLetterSink, formatter, outputSink)
                .Run(ActorSystems.Materializer(system))
                .ConfigureAwait(false);
            await deadLettersWritten.ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }

        var counters = shard!.Engine.Counters;
        return new ReplaySummary(
            reader.Lines,
            counters.Accepted,
            deadLetters.Count,
            counters.Late,
            counters.Duplicates,
            shard.Engine.SessionCounters.AnomalyTotal,
            linesWritten);
    }
}
