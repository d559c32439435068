using CallMetrics.Influx;

using CallMetrics.Streaming.Stages;

namespace CallMetrics.Streaming.Wiring;

/// <summary>The InfluxDB sink behind <see cref="ISinkWriter"/>.</summary>
internal sealed class InfluxSinkWriter(InfluxSink sink) : ISinkWriter
{
    public ValueTask WriteAsync(SinkBatch batch, CancellationToken cancellationToken) => sink.WriteAsync(batch, cancellationToken);

    public Task WhenDurableAsync(CancellationToken cancellationToken) => sink.FlushAsync(cancellationToken);
}
