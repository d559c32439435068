namespace CallMetrics.Influx;

/// <summary>
/// Complete lines of InfluxDB line protocol handed to <see cref="InfluxSink.WriteAsync"/>.
/// </summary>
/// <param name="Payload">UTF-8 lines, each ending in <c>'\n'</c>, nanosecond timestamps. The sink reads this memory until
/// <paramref name="OnDurable"/> is invoked (or the sink is disposed): do not reuse the buffer before then.</param>
/// <param name="LineCount">Number of lines in <paramref name="Payload"/>; used for batching and counters.</param>
/// <param name="OnDurable">Invoked once, on the sink's loop, after the server accepted every line of this batch (lines it
/// rejected as invalid were handed to the dead-letter callback first). Invoked in enqueue order. Must not block.</param>
public readonly record struct SinkBatch(ReadOnlyMemory<byte> Payload, int LineCount, Action? OnDurable = null);
