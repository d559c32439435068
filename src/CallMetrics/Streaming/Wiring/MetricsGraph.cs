using Akka;
using Akka.Streams.Dsl;
using CallMetrics.Streaming.Elements;
using CallMetrics.Streaming.Stages;

namespace CallMetrics.Streaming.Wiring;

/// <summary>
/// The streaming graph, defined once; the wirings (<see cref="ReplayWiring"/>, the service's) put a source in front
/// and sinks behind it.
/// <code>
///  source ─▶ translate ─▶ decode ×cores ─▶ intern ─▶ engine ─┬▶ format ─▶ sink
///  (records) (per source,  (ordered,        (one symbol  (MetricsEngine:  └▶ dead letters (side output)
///             sequential)   parallel)         table)      dedupe, reorder,
///                                                          sessionize, window)
/// </code>
/// Elements are batches (hundreds to thousands of records each) or single control elements (source changes,
/// end of input), all in one ordered stream; every stage has one job and passes what is not its own downstream.
/// </summary>
internal static class MetricsGraph
{
    /// <summary>
    /// Records in, decoded events out, in order: translate (stateful, sequential), decode (several batches at once,
    /// order kept), then renumber into the graph's one symbol table.
    /// </summary>
    public static Flow<StreamElement, StreamElement, NotUsed> Decoding(RecordTranslator translator, SymbolInterner interner) =>
        Flow.Create<StreamElement>()
            .SelectMany(translator.Translate)
            .SelectAsync(BatchDecoder.DecodeParallelism, BatchDecoder.DecodeAsync)
            .Select(interner.Intern);

    /// <summary>
    /// Decoded events in, formatted lines out: the engine on a thread of its own (an asynchronous boundary on each
    /// side), dead letters diverted to <paramref name="deadLetters"/>, windows formatted on the next thread.
    /// </summary>
    public static Flow<StreamElement, StreamElement, NotUsed> Aggregation(
        EngineStage engine,
        Sink<StreamElement, NotUsed> deadLetters,
        WindowFormatter formatter) =>
        Flow.Create<StreamElement>()
            .Async()
            .Via(engine)
            .Async()
            .DivertTo(deadLetters, e => e is DeadLetterBatch)
            .Select(formatter.Format);
}
