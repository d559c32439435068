using System.Text;
using CallMetrics.Influx;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The sink step: formatted lines to the batching sink as UTF-8 (one write at a time, waiting while the sink is
/// full: that wait is the back-pressure that reaches Kafka, and nothing is dropped); a shard's snapshot is reported
/// durable only once everything the sink was handed before it is. When reporting a snapshot fails (its checkpoint gave
/// up, or the sink never became durable), the next element fails this step, and the graph ends with that reason:
/// the service never goes on believing it checkpointed.
/// </summary>
/// <param name="sink">The batching sink.</param>
/// <param name="formatter">Takes the written text back for reuse.</param>
/// <param name="onDurable">Called, on any thread, once a snapshot's preceding output is durable.</param>
internal sealed class LineSink(ISinkWriter sink, WindowFormatter formatter, Action<ShardSnapshot> onDurable)
{
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private byte[] _utf8 = [];
    private Exception? _failure;

    /// <summary>Writes <paramref name="element"/> when it is output; returns it.</summary>
    /// <exception cref="InvalidOperationException">An earlier snapshot could not be reported durable (the inner exception says why).</exception>
    public async Task<StreamElement> WriteAsync(StreamElement element)
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw new InvalidOperationException($"a checkpoint failed: {failure.Message}", failure);
        }

        switch (element)
        {
            case LineBatch lines:
                var payload = Encode(lines.Text, _encoder, ref _utf8);
                var count = lines.Lines;
                formatter.Return(lines);
                if (count > 0)
                {
                    await sink.WriteAsync(new SinkBatch(payload, count), CancellationToken.None).ConfigureAwait(false);
                }

                break;
            case ShardSnapshot snapshot:
                // Not awaited: a sink outage holds the checkpoint back, not the stream (which back-pressure holds anyway).
                _ = sink.WhenDurableAsync(CancellationToken.None).ContinueWith(
                    durable => Report(durable, snapshot), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                break;
            default:
                break;
        }

        return element;
    }

    private void Report(Task durable, ShardSnapshot snapshot)
    {
        try
        {
            durable.GetAwaiter().GetResult();
            onDurable(snapshot);
        }
#pragma warning disable CA1031 // Any failure is kept and ends the graph at the next element: none is lost on a pool thread.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, exception, null);
        }
    }

    // The text as UTF-8 straight from the builder's chunks, through a reused buffer: no intermediate string of the
    // whole batch. One stateful encoder across the chunks, so a surrogate pair split between two chunks is encoded as
    // one character.
    internal static byte[] Encode(StringBuilder text, Encoder encoder, ref byte[] buffer)
    {
        encoder.Reset();
        var written = 0;
        foreach (var chunk in text.GetChunks())
        {
            Ensure(ref buffer, written + Encoding.UTF8.GetMaxByteCount(chunk.Length));
            written += encoder.GetBytes(chunk.Span, buffer.AsSpan(written), flush: false);
        }

        Ensure(ref buffer, written + Encoding.UTF8.GetMaxByteCount(0));
        written += encoder.GetBytes([], buffer.AsSpan(written), flush: true);
        return buffer.AsSpan(0, written).ToArray();

        static void Ensure(ref byte[] buffer, int size)
        {
            if (buffer.Length < size)
            {
                Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
            }
        }
    }
}
