using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// The streaming graph, defined once, and its two wirings.
/// <code>
///             ┌─────────────────────────── the graph ─────────────────────────────────────────────┐
///  source ──▶ │ translate ─▶ decode ×cores ─▶ releases ─▶ route ─▶ engine ×N ─▶ merge ─▶ format ─┐  │ ─▶ sink
///  (records)  │ (per source,  (ordered,       (replaced    (tenant    (dedupe, reorder,          │  │
///             │  sequential)   parallel, one   shards'      hash)       sessionize, window)       │  │
///             │                symbol table)   engines)                   └─ dead letters ───────┼──┼─▶ dead-letter sink
///             └──────────────────────────────────────────────────────────────────────────────────┘
///  replay:  file/stdin chunks ─▶ graph (1 engine) ─▶ stdout or file; dead letters to a file; EndOfInput last
///  service: Kafka ─▶ kill switch ─▶ idle sources ─▶ ticks ─▶ barriers ─▶ graph (N engines) ─▶ InfluxDB;
///           dead letters to the dead-letter topic; snapshots ─▶ checkpoint aligner ─▶ checkpoint, commit
/// </code>
/// Elements are batches (hundreds to thousands of records each) or single control elements (source changes, ticks,
/// barriers, progress, end of input), all in one ordered stream; every stage has one job and passes what is not its
/// own downstream.
/// </summary>
internal static class MetricsGraph
{
    /// <summary>
    /// Records in, decoded events out, in order: translate (stateful, sequential), decode into the graph's one symbol
    /// table (several batches at once, order kept), then build replaced shards' engines where they stand.
    /// </summary>
    public static Flow<StreamElement, StreamElement, NotUsed> Decoding(RecordTranslator translator, BatchDecoder decoder, SymbolReleases releases) =>
        Flow.Create<StreamElement>()
            .SelectMany(translator.Translate)
            .SelectAsync(BatchDecoder.DecodeParallelism, decoder.DecodeAsync)
            .Select(releases.Pass);

    /// <summary>
    /// Decoded events in, engine output out: each engine on a thread of its own (an asynchronous boundary on each
    /// side). With several engines, events are routed by tenant and control elements broadcast; outputs are merged.
    /// </summary>
    public static Flow<StreamElement, StreamElement, NotUsed> Engines(IReadOnlyList<EngineStage> engines, ShardRouter router)
    {
        if (engines.Count == 1)
        {
            return Flow.Create<StreamElement>().Async().Via(engines[0]).Async();
        }

        return Flow.FromGraph(GraphDsl.Create(builder =>
        {
            var route = builder.Add(Flow.Create<StreamElement>().Select(router.Route));
            var broadcast = builder.Add(new Broadcast<List<StreamElement>[]>(engines.Count));
            var merge = builder.Add(new Merge<StreamElement>(engines.Count));
            builder.From(route.Outlet).To(broadcast.In);
            for (var k = 0; k < engines.Count; k++)
            {
                var shard = k;
                builder.From(broadcast.Out(k))
                    .Via(Flow.Create<List<StreamElement>[]>().SelectMany(routed => routed[shard]).Async().Via(engines[k]).Async())
                    .To(merge.In(k));
            }

            return new FlowShape<StreamElement, StreamElement>(route.Inlet, merge.Out);
        }));
    }

    /// <summary>
    /// Engine output in, formatted lines out; dead letters diverted to <paramref name="deadLetters"/>, a side output
    /// that, when it gives up (a dead letter that cannot be written), ends the whole graph: nothing is dropped silently.
    /// </summary>
    public static Flow<StreamElement, StreamElement, NotUsed> Output(Sink<StreamElement, NotUsed> deadLetters, WindowFormatter formatter) =>
        Flow.FromGraph(GraphDsl.Create(deadLetters, (builder, side) =>
        {
            // Broadcast with eager cancel (the library's Partition goes on when one output cancels): each branch keeps its kind.
            var divert = builder.Add(new Broadcast<StreamElement>(2, eagerCancel: true));
            var format = builder.Add(Flow.Create<StreamElement>().Where(e => e is not DeadLetterBatch).Select(formatter.Format));
            builder.From(divert.Out(0)).To(format.Inlet);
            builder.From(divert.Out(1)).Via(Flow.Create<StreamElement>().Where(e => e is DeadLetterBatch)).To(side);
            return new FlowShape<StreamElement, StreamElement>(divert.In, format.Outlet);
        }));

    /// <summary>Replay: a finite source to the output sink.</summary>
    public static IRunnableGraph<Task> Replay(
        Source<StreamElement, NotUsed> input,
        RecordTranslator translator,
        BatchDecoder decoder,
        SymbolReleases releases,
        EngineStage engine,
        Sink<StreamElement, NotUsed> deadLetters,
        WindowFormatter formatter,
        Sink<StreamElement, Task> output) =>
        input
            .Via(Decoding(translator, decoder, releases))
            .Via(Engines([engine], router: null!))
            .Via(Output(deadLetters, formatter))
            .ToMaterialized(output, Keep.Right);

    /// <summary>The service: Kafka to the line sink, stopped by the kill switch (a final barrier follows the last record).</summary>
    public static IRunnableGraph<(UniqueKillSwitch Stop, Task Done)> Service(
        Source<StreamElement, NotUsed> kafka,
        SourceIdleStage idle,
        TickStage ticks,
        BarrierStage barriers,
        RecordTranslator translator,
        BatchDecoder decoder,
        SymbolReleases releases,
        IReadOnlyList<EngineStage> engines,
        ShardRouter router,
        Sink<StreamElement, NotUsed> deadLetters,
        WindowFormatter formatter,
        LineSink sink) =>
        kafka
            .ViaMaterialized(KillSwitches.Single<StreamElement>(), Keep.Right)
            .Via(idle)
            .Via(ticks)
            .Via(barriers)
            .Via(Decoding(translator, decoder, releases))
            .Via(Engines(engines, router))
            .Via(Output(deadLetters, formatter))
            .SelectAsync(1, sink.WriteAsync)
            .ToMaterialized(Sink.Ignore<StreamElement>(), (stop, done) => (stop, (Task)done));
}
