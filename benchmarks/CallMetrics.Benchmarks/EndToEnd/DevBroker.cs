using CallMetrics.Kafka;

namespace CallMetrics.Benchmarks.EndToEnd;

/// <summary>The end-to-end stages' broker: librdkafka's mock cluster in this process, or why it could not start.</summary>
internal static class DevBroker
{
    /// <summary>A one-broker mock cluster; null, with the reason, when librdkafka is missing or refuses.</summary>
    public static MockKafkaCluster? TryStart(out string? unavailable)
    {
        try
        {
            unavailable = null;
            return new MockKafkaCluster(brokerCount: 1);
        }
        catch (Exception e) when (e is DllNotFoundException or InvalidOperationException or EntryPointNotFoundException or TypeInitializationException)
        {
            unavailable = "the dev broker (librdkafka mock cluster) did not start: " + e.Message;
            return null;
        }
    }
}
