namespace CallMetrics.Kafka;

/// <summary>What <c>callmetrics dev-broker</c> runs with, parsed and validated (<c>Commands/DevBrokerDefinition.cs</c>).</summary>
public sealed class DevBrokerArguments
{
    /// <summary>Number of brokers (1-100). Default 1.</summary>
    public int Brokers { get; init; } = 1;

    /// <summary>Topics to create with their partition counts; others are auto-created with 4 partitions.</summary>
    public IReadOnlyList<(string Topic, int Partitions)> Topics { get; init; } = [];

    /// <summary>A file that also receives the bootstrap servers once the topics exist (removed on exit); null for none.</summary>
    public string? PortFile { get; init; }
}
