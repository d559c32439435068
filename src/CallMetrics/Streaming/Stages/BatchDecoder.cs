using System.Collections.Concurrent;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The decode step, run on several batches at once (<see cref="DecodeParallelism"/>, order kept by
/// <c>SelectAsync</c>): each record becomes a canonical event or a rejection with its reason. Every decoder interns
/// straight into the graph's one table, which several may do at once; each batch is stamped with the table's
/// generation in stream order, before it is decoded, for the release protocol (<see cref="SymbolReleases"/>).
/// </summary>
internal sealed class BatchDecoder(SymbolTable symbols)
{
    /// <summary>Batches decoded at once: one per core.</summary>
    public static readonly int DecodeParallelism = Environment.ProcessorCount;

    // A decoder is not thread-safe; each decoding task takes one and gives it back.
    private readonly ConcurrentBag<EventDecoder> _decoders = [];

    /// <summary>Decodes a record batch on the calling thread; passes every other element through.</summary>
    public StreamElement Decode(StreamElement element) =>
        element is RecordBatch records ? Decode(records, symbols.Generation) : element;

    /// <summary><see cref="Decode(StreamElement)"/> on the thread pool, for <c>SelectAsync</c> (called in stream order).</summary>
    public Task<StreamElement> DecodeAsync(StreamElement element)
    {
        if (element is not RecordBatch records)
        {
            return Task.FromResult(element);
        }

        // The stamp is read here, in stream order, before any of the batch is decoded.
        var stamp = symbols.Generation;
        return Task.Run(() => Decode(records, stamp));
    }

    private StreamElement Decode(RecordBatch records, long stamp)
    {
        var decoder = _decoders.TryTake(out var free) ? free : new EventDecoder(symbols);
        var batch = new EventBatch(records, stamp);
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

        _decoders.Add(decoder);
        return batch;
    }
}
