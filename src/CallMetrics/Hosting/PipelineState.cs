using CallMetrics.Kafka;
using CallMetrics.Pipeline;

namespace CallMetrics.Hosting;

/// <summary>The running pipeline and source, for the HTTP endpoints (health, metrics, live view).</summary>
internal sealed class PipelineState
{
    public EventPipeline? Pipeline { get; set; }

    public KafkaEventSource? Source { get; set; }
}
