using CallMetrics.Core.Events;
using CallMetrics.Kafka;
using CallMetrics.Pipeline;

namespace CallMetrics.Hosting;

/// <summary>The running graph's counters, symbols and Kafka source, for the HTTP endpoints (health, metrics, live view).</summary>
internal sealed class PipelineState
{
    /// <summary>The graph's counters; null before it starts.</summary>
    public PipelineStatistics? Statistics { get; set; }

    /// <summary>The graph's symbol table (the live view reads names); null before it starts.</summary>
    public SymbolTable? Symbols { get; set; }

    public KafkaEventSource? Source { get; set; }

    /// <summary>Why the graph stopped on its own (a failed stage), or null: the service then exits non-zero.</summary>
    public Exception? Failure { get; set; }
}
