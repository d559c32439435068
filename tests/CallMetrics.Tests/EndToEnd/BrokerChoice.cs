namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// Which Kafka the end-to-end suite runs against, and why: the cluster named by <c>CALLMETRICS_E2E_KAFKA</c> when set;
/// otherwise <c>CALLMETRICS_E2E_BROKER</c> (<c>auto</c>, the default: an Apache Kafka container where a Docker engine is
/// reachable, the dev broker where not; <c>container</c>: a container or fail; <c>dev</c>: the dev broker).
/// </summary>
internal sealed record BrokerChoice(BrokerKind Kind, string Reason)
{
    /// <summary>The variable naming an existing Kafka cluster.</summary>
    public const string ExternalVariable = "CALLMETRICS_E2E_KAFKA";

    /// <summary>The variable choosing between a container and the dev broker.</summary>
    public const string BrokerVariable = "CALLMETRICS_E2E_BROKER";

    /// <summary>Decides from the two variables' values and whether a Docker engine answered (with why not).</summary>
    /// <exception cref="InvalidOperationException">A container was asked for and no Docker engine is reachable, or the setting is unknown.</exception>
    public static BrokerChoice Decide(string? external, string? broker, bool dockerReachable, string dockerProblem)
    {
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new BrokerChoice(BrokerKind.External, $"{ExternalVariable} names it");
        }

        switch (string.IsNullOrWhiteSpace(broker) ? "auto" : broker.Trim().ToLowerInvariant())
        {
            case "dev":
                return new BrokerChoice(BrokerKind.DevBroker, $"{BrokerVariable}=dev");
            case "container" when dockerReachable:
                return new BrokerChoice(BrokerKind.KafkaContainer, $"{BrokerVariable}=container");
            case "container":
                throw new InvalidOperationException($"{BrokerVariable}=container, but no Docker engine is reachable: {dockerProblem}");
            case "auto":
                return dockerReachable
                    ? new BrokerChoice(BrokerKind.KafkaContainer, "a Docker engine is reachable")
                    : new BrokerChoice(BrokerKind.DevBroker, "no Docker engine is reachable (" + dockerProblem + ")");
            default:
                throw new InvalidOperationException($"{BrokerVariable} must be auto, container or dev, not '{broker}'");
        }
    }

    /// <summary>The line each end-to-end test prints: what the broker is, where, and why it was chosen.</summary>
    public string Describe(string bootstrapServers, string what) => $"broker: {what} at {bootstrapServers} ({Reason})";
}
