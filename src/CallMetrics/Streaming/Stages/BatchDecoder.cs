using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The decode step, run on several batches at once (<see cref="DecodeParallelism"/>, order kept by
/// <c>SelectAsync</c>): each record becomes a canonical event or a rejection with its reason. Each batch interns
/// its names into a table of its own, so decoders never share a writer; <see cref="SymbolInterner"/> then renumbers
/// the batch into the graph's one table, in order, which gives every name the number a single decoder reading the
/// whole input in order would have given it.
/// </summary>
internal static class BatchDecoder
{
    /// <summary>
    /// Batches decoded at once: one per core. Decoders intern into a table of their own batch, so this is safe at any
    /// value; with a symbol table that several decoders may intern into at once, the renumbering step goes away.
    /// </summary>
    public static readonly int DecodeParallelism = Environment.ProcessorCount;

    /// <summary>Decodes a record batch; passes every other element through.</summary>
    public static StreamElement Decode(StreamElement element)
    {
        if (element is not RecordBatch records)
        {
            return element;
        }

        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var batch = new EventBatch(records, symbols);
        var events = batch.Events;
        var rejected = records.Rejections;
        var next = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (next < rejected.Count && rejected[next].Index == i)
            {
                batch.Rejections.Add(rejected[next++]);
                continue;
            }

            var result = decoder.Decode(records.Value(i), out events[i]);
            if (!result.IsOk)
            {
                batch.Rejections.Add((i, result.Message));
            }
        }

        return batch;
    }

    /// <summary><see cref="Decode"/> on the thread pool, for <c>SelectAsync</c>.</summary>
    public static Task<StreamElement> DecodeAsync(StreamElement element) =>
        element is RecordBatch ? Task.Run(() => Decode(element)) : Task.FromResult(element);
}
